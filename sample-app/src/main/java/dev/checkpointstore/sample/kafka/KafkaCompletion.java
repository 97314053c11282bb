package dev.checkpointstore.sample.kafka;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.checkpointstore.sample.pipeline.EpochFileSink;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;

/**
 * Finishes the Kafka mode once every event of the stream was counted: on its own thread (a
 * listener thread cannot checkpoint, it would wait for itself) it takes the last checkpoint,
 * writes the result, logs {@code sample completed: events=N checkpoints=M} and shuts the
 * application down if {@code sample.exit-on-complete} is set. On start it logs where the restored
 * state stands.
 */
public class KafkaCompletion implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaCompletion.class);

    private final long total;
    private final PartitionedCounter counter;
    private final EpochFileSink sink;
    private final CheckpointCoordinator coordinator;
    private final boolean exitOnComplete;
    private final ConfigurableApplicationContext context;
    private final Object monitor = new Object();
    private @Nullable Thread thread;
    private volatile boolean running;

    /**
     * Creates the completion.
     * @param total how many events the stream has
     * @param counter the counts
     * @param sink the sink to finish
     * @param coordinator takes the last checkpoint
     * @param exitOnComplete whether to exit when done
     * @param context the application, to shut down
     */
    public KafkaCompletion(long total, PartitionedCounter counter, EpochFileSink sink, CheckpointCoordinator coordinator,
            boolean exitOnComplete, ConfigurableApplicationContext context) {
        this.total = total;
        this.counter = counter;
        this.sink = sink;
        this.coordinator = coordinator;
        this.exitOnComplete = exitOnComplete;
        this.context = context;
    }

    /**
     * Called by the listener after each event.
     * @param events the events counted so far
     */
    void counted(long events) {
        if (events >= total) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    @Override
    public void start() {
        if (coordinator.restoredCheckpointId().isPresent()) {
            log.info("restored checkpoint: id={} events={} from {}", coordinator.restoredCheckpointId().getAsLong(),
                    counter.events(), coordinator.store().location());
        }
        else {
            log.info("no checkpoint to restore in {}: counting from the group's offsets", coordinator.store().location());
        }
        Thread waiting = new Thread(this::awaitCompletion, "sample-completion");
        waiting.setDaemon(true);
        running = true;
        thread = waiting;
        waiting.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread waiting = thread;
        if (waiting != null) {
            waiting.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void awaitCompletion() {
        try {
            synchronized (monitor) {
                while (counter.events() < total) {
                    monitor.wait(1_000);
                }
            }
        }
        catch (InterruptedException ex) {
            return;
        }
        try {
            coordinator.checkpointIfProgress(CheckpointTrigger.API);
            sink.finish(counter.merged());
            log.info("sample completed: events={} checkpoints={}", counter.events(), coordinator.checkpointsTaken());
            if (exitOnComplete) {
                exit(0);
            }
        }
        catch (RuntimeException ex) {
            log.error("the sample could not complete; shutting the application down", ex);
            exit(1);
        }
    }

    private void exit(int code) {
        new Thread(() -> System.exit(SpringApplication.exit(context, () -> code)), "sample-exit").start();
    }
}
