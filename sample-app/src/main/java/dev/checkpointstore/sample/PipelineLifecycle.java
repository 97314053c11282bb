package dev.checkpointstore.sample;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.sample.pipeline.CheckpointCoordinator;
import dev.checkpointstore.sample.pipeline.CheckpointTrigger;
import dev.checkpointstore.sample.pipeline.CountingOperator;
import dev.checkpointstore.sample.pipeline.EpochFileSink;
import dev.checkpointstore.sample.pipeline.EventStream;
import dev.checkpointstore.sample.pipeline.GeneratorSource;
import dev.checkpointstore.sample.pipeline.OperatorStateCodec;
import dev.checkpointstore.sample.pipeline.Pipeline;
import dev.checkpointstore.sample.pipeline.PipelineRunner;
import dev.checkpointstore.spring.CheckpointRecovery;

/**
 * Runs the pipeline on its own thread while the context runs. On start it restores the pipeline
 * from the checkpoint the starter's startup recovery chose (failing startup when it cannot), then
 * processes on the {@code sample-pipeline} thread; on stop it checkpoints and waits for the
 * thread. When the stream is done it shuts the application down if
 * {@code sample.exit-on-complete} is set; when the pipeline fails it shuts down with exit code 1.
 */
@Component
class PipelineLifecycle implements SmartLifecycle {

    /** How many partitions the operator's counts are split into. */
    static final int STATE_PARTITIONS = 8;

    private static final Logger log = LoggerFactory.getLogger(PipelineLifecycle.class);

    private final CheckpointStore store;
    private final SampleProperties properties;
    private final ConfigurableApplicationContext context;
    private @Nullable CheckpointRecovery startupRecovery;
    private volatile @Nullable PipelineRunner runner;
    private @Nullable Thread thread;
    private volatile boolean running;

    PipelineLifecycle(CheckpointStore store, CheckpointRecovery recovery, SampleProperties properties,
            ConfigurableApplicationContext context) {
        this.store = store;
        this.startupRecovery = recovery;
        this.properties = properties;
        this.context = context;
    }

    @Override
    public synchronized void start() {
        CheckpointRecovery recovery = startupRecovery != null ? startupRecovery : CheckpointRecovery.recover(store);
        startupRecovery = null;
        PipelineRunner runner = new PipelineRunner(restore(recovery), properties.getEvents().getRate(), System::nanoTime);
        Thread thread = new Thread(() -> run(runner), "sample-pipeline");
        this.runner = runner;
        this.thread = thread;
        running = true;
        thread.start();
    }

    @Override
    public synchronized void stop() {
        PipelineRunner runner = this.runner;
        Thread thread = this.thread;
        if (runner != null && thread != null) {
            runner.requestStop();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
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
        PipelineRunner runner = this.runner;
        return runner == null ? 0 : runner.events();
    }

    private Pipeline restore(CheckpointRecovery recovery) {
        SampleProperties.Events events = properties.getEvents();
        SampleProperties.Checkpoint checkpoint = properties.getCheckpoint();
        long threshold = checkpoint.getInlineThreshold().toBytes();
        if (threshold < 0 || threshold > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sample.checkpoint.inline-threshold must be between 0B and "
                    + Integer.MAX_VALUE + "B, was " + checkpoint.getInlineThreshold());
        }
        EventStream stream = new EventStream(events.getTotal(), events.getKeys());
        GeneratorSource source = new GeneratorSource(stream);
        CountingOperator operator = new CountingOperator(stream.keys());
        EpochFileSink sink = new EpochFileSink(properties.getOutputFile(), stream);
        CheckpointCoordinator coordinator = new CheckpointCoordinator(store, stream, source, operator, sink,
                new OperatorStateCodec(STATE_PARTITIONS), (int) threshold, Clock.systemUTC());
        CheckpointTrigger trigger = CheckpointTrigger.every(checkpoint.getInterval(), System::nanoTime);
        log.info("sample pipeline: {} events over up to {} keys{}, checkpoint every {} to {}, result to {}",
                stream.total(), stream.keys(), events.getRate() > 0 ? " at " + events.getRate() + " events/s" : "",
                checkpoint.getInterval(), store.location(), properties.getOutputFile().toAbsolutePath().normalize());
        coordinator.restore(recovery.manifest(), recovery.nextCheckpointId());
        return new Pipeline(source, operator, sink, coordinator, trigger);
    }

    private void run(PipelineRunner runner) {
        try {
            PipelineRunner.Outcome outcome = runner.run();
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
