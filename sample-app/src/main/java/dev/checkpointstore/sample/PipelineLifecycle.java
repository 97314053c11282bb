package dev.checkpointstore.sample;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.checkpointstore.sample.pipeline.CountingOperator;
import dev.checkpointstore.sample.pipeline.GeneratorSource;
import dev.checkpointstore.sample.pipeline.Pipeline;
import dev.checkpointstore.sample.pipeline.PipelineRunner;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;

/**
 * Runs the generator pipeline on its own thread while the context runs. By the time it starts,
 * the checkpoint coordinator has restored the source and the operator; it checks that they agree
 * and processes on the {@code sample-pipeline} thread, which the coordinator checkpoints between
 * batches. On stop it waits for the thread (the coordinator takes the last checkpoint after). When
 * the stream is done it shuts the application down if {@code sample.exit-on-complete} is set; when
 * the pipeline fails it shuts down with exit code 1.
 */
class PipelineLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PipelineLifecycle.class);

    private final Pipeline pipeline;
    private final GeneratorSource source;
    private final CountingOperator operator;
    private final CheckpointCoordinator coordinator;
    private final SampleProperties properties;
    private final ConfigurableApplicationContext context;
    private volatile @Nullable PipelineRunner runner;
    private @Nullable Thread thread;
    private volatile boolean running;

    PipelineLifecycle(Pipeline pipeline, GeneratorSource source, CountingOperator operator,
            CheckpointCoordinator coordinator, SampleProperties properties, ConfigurableApplicationContext context) {
        this.pipeline = pipeline;
        this.source = source;
        this.operator = operator;
        this.coordinator = coordinator;
        this.properties = properties;
        this.context = context;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        String location = coordinator.store().location();
        if (operator.events() != source.position()) {
            throw new IllegalStateException("checkpoint " + coordinator.restoredCheckpointId() + " in " + location
                    + " is inconsistent: the operator counted " + operator.events()
                    + " events but the source is at offset " + source.position());
        }
        if (coordinator.restoredCheckpointId().isPresent()) {
            log.info("restored checkpoint: id={} offset={} events={} from {}; resuming at event {}",
                    Long.toUnsignedString(coordinator.restoredCheckpointId().getAsLong()),
                    source.lastOffset().orElse(-1), operator.events(), location, source.position());
        }
        else {
            log.info("no checkpoint to restore in {}: starting at event 0", location);
        }
        log.info("sample pipeline: {} events{}, result to {}", properties.getEvents().getTotal(),
                properties.getEvents().getRate() > 0 ? " at " + properties.getEvents().getRate() + " events/s" : "",
                properties.getOutputFile().toAbsolutePath().normalize());
        PipelineRunner started = new PipelineRunner(pipeline, properties.getEvents().getRate(), System::nanoTime);
        Thread processing = new Thread(() -> run(started), "sample-pipeline");
        this.runner = started;
        this.thread = processing;
        running = true;
        processing.start();
    }

    @Override
    public synchronized void stop() {
        PipelineRunner current = this.runner;
        Thread processing = this.thread;
        if (current != null && processing != null) {
            current.requestStop();
            boolean interrupted = false;
            while (processing.isAlive()) {
                try {
                    processing.join();
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        this.runner = null;
        this.thread = null;
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * How far the running pipeline got.
     * @return the events processed as of its last batch, 0 when it is not running
     */
    long eventsProcessed() {
        PipelineRunner current = this.runner;
        return current == null ? 0 : current.events();
    }

    private void run(PipelineRunner started) {
        try {
            PipelineRunner.Outcome outcome = started.run();
            if (outcome == PipelineRunner.Outcome.COMPLETED && properties.isExitOnComplete()) {
                exit(0);
            }
        }
        catch (RuntimeException | Error ex) {
            log.error("the sample pipeline failed; shutting the application down", ex);
            exit(1);
        }
    }

    private void exit(int code) {
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> code)), "sample-exit");
        exit.start();
    }
}
