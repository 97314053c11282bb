package dev.checkpointstore.sample.pipeline;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Decides when the pipeline takes its next checkpoint. */
public interface CheckpointTrigger {

    /**
     * Whether a checkpoint is due.
     * @return true when the pipeline should checkpoint at its next consistent point
     */
    boolean due();

    /** Called after each checkpoint. */
    void checkpointed();

    /**
     * A trigger that fires once {@code interval} has passed since the last checkpoint (or since
     * it was created).
     * @param interval the checkpoint interval, positive
     * @param nanoTime a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     * @return the trigger
     */
    static CheckpointTrigger every(Duration interval, LongSupplier nanoTime) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("sample.checkpoint.interval must be positive, was " + interval);
        }
        long intervalNanos = interval.toNanos();
        return new CheckpointTrigger() {

            private long last = nanoTime.getAsLong();

            @Override
            public boolean due() {
                return nanoTime.getAsLong() - last >= intervalNanos;
            }

            @Override
            public void checkpointed() {
                last = nanoTime.getAsLong();
            }
        };
    }
}
