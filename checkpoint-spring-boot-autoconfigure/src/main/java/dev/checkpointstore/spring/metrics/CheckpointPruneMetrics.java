package dev.checkpointstore.spring.metrics;

import java.util.Objects;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointStore;

/**
 * The counter {@code checkpoint.prune.failures}: prunes of the store that failed, the automatic
 * ones after a save (which log a WARN and let the save succeed) and requested ones. It reads
 * {@link AbstractCheckpointStore#pruneFailures()} through any {@link ForwardingCheckpointStore}s,
 * so it counts the application's own store too; a store that keeps no such count reads 0.
 */
public final class CheckpointPruneMetrics implements MeterBinder {

    /** The prune failure counter's name. */
    public static final String PRUNE_FAILURES = "checkpoint.prune.failures";

    private final Supplier<@Nullable CheckpointStore> store;

    /**
     * Creates the counter.
     * @param store supplies the store, resolved when the counter is read; null means no store
     */
    public CheckpointPruneMetrics(Supplier<@Nullable CheckpointStore> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(PRUNE_FAILURES, this, CheckpointPruneMetrics::failures)
                .description("Prunes of old checkpoints that failed; the next prune deletes what they left")
                .register(registry);
    }

    private double failures() {
        CheckpointStore current = store.get();
        return current != null ? current.pruneFailures() : 0;
    }
}
