package dev.checkpointstore.sample.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a restored {@link Pipeline} on the calling thread until the stream is exhausted or a
 * stop is requested, optionally at a fixed event rate. On completion it writes the result and
 * logs {@code sample completed: events=N checkpoints=M}; on a stop it returns at the next batch
 * boundary (the coordinator checkpoints when the application closes).
 */
public final class PipelineRunner {

    /** How a run ended. */
    public enum Outcome {
        /** Every event was processed and the result written. */
        COMPLETED,
        /** A stop was requested first. */
        STOPPED
    }

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    private static final int MAX_BATCH = 4096;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Pipeline pipeline;
    private final long ratePerSecond;
    private final LongSupplier nanoTime;
    private volatile boolean stopRequested;
    private volatile long events;

    /**
     * Creates a runner.
     * @param pipeline the restored pipeline
     * @param ratePerSecond events per second, 0 for as fast as possible
     * @param nanoTime a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    public PipelineRunner(Pipeline pipeline, long ratePerSecond, LongSupplier nanoTime) {
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("sample.events.rate must be >= 0 (0 is unlimited), was " + ratePerSecond);
        }
        this.pipeline = pipeline;
        this.ratePerSecond = ratePerSecond;
        this.nanoTime = nanoTime;
    }

    /**
     * Runs until the stream is exhausted or {@link #requestStop()} is called.
     * @return how the run ended
     */
    public Outcome run() {
        int batch = ratePerSecond == 0 ? MAX_BATCH : (int) Math.max(1, Math.min(MAX_BATCH, ratePerSecond / 100));
        long start = nanoTime.getAsLong();
        long emitted = 0;
        while (!stopRequested && !pipeline.exhausted()) {
            if (ratePerSecond > 0) {
                long wait = start + (long) (emitted * 1e9 / ratePerSecond) - nanoTime.getAsLong();
                if (wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
                    continue;
                }
            }
            emitted += pipeline.process(batch);
            events = pipeline.events();
        }
        if (!pipeline.exhausted()) {
            log.info("sample stopped at event {}", pipeline.events());
            return Outcome.STOPPED;
        }
        pipeline.complete();
        log.info("sample completed: events={} checkpoints={}", pipeline.events(), pipeline.checkpoints());
        return Outcome.COMPLETED;
    }

    /**
     * How many events the pipeline has processed, as of the last batch; readable from any thread.
     * @return the event count, counting those before a restore
     */
    public long events() {
        return events;
    }

    /** Asks {@link #run()} to return at the next batch boundary. */
    public void requestStop() {
        stopRequested = true;
    }
}
