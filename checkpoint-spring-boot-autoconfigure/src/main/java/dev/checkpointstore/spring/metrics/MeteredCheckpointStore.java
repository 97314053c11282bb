package dev.checkpointstore.spring.metrics;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.ForwardingCheckpointStore;

/**
 * A store that times saves ({@code checkpoint.save}, tags {@code backend} and
 * {@code outcome=success|failure}) and records the bytes of state written
 * ({@code checkpoint.state.size}, tag {@code backend}), forwarding every call to its delegate.
 */
public final class MeteredCheckpointStore implements ForwardingCheckpointStore {

    /** The save timer's name. */
    public static final String SAVE_TIMER = "checkpoint.save";

    /** The state size summary's name. */
    public static final String STATE_SIZE = "checkpoint.state.size";

    private final CheckpointStore delegate;
    private final Timer successes;
    private final Timer failures;
    private final DistributionSummary stateSize;
    private final @Nullable LatestCheckpointGauges latest;

    /**
     * Creates a metered store.
     * @param delegate the store
     * @param backend the {@code backend} tag
     * @param registry where the meters live
     * @param latest told of each saved checkpoint so the latest gauges need not re-read the store, or null
     */
    public MeteredCheckpointStore(CheckpointStore delegate, String backend, MeterRegistry registry,
            @Nullable LatestCheckpointGauges latest) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.successes = saveTimer(registry, backend, "success");
        this.failures = saveTimer(registry, backend, "failure");
        this.stateSize = DistributionSummary.builder(STATE_SIZE)
                .description("Bytes of operator state written per checkpoint sidecar")
                .baseUnit("bytes")
                .tag("backend", backend)
                .register(registry);
        this.latest = latest;
    }

    private static Timer saveTimer(MeterRegistry registry, String backend, String outcome) {
        return Timer.builder(SAVE_TIMER)
                .description("Time to save a checkpoint durably, sidecar included")
                .tag("backend", backend)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public CheckpointStore delegate() {
        return delegate;
    }

    @Override
    public void save(CheckpointManifest manifest) {
        timed(() -> delegate.save(manifest));
        saved(manifest);
    }

    @Override
    public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
        timed(() -> delegate.saveWithState(manifest, state));
        if (state != null) {
            stateSize.record(bytes(state));
        }
        saved(manifest);
    }

    @Override
    public void saveStateData(long checkpointId, List<ByteBuffer> chunks) {
        delegate.saveStateData(checkpointId, chunks);
        stateSize.record(bytes(chunks));
    }

    private void timed(Runnable save) {
        long start = System.nanoTime();
        try {
            save.run();
        }
        catch (RuntimeException | Error ex) {
            failures.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw ex;
        }
        successes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private void saved(CheckpointManifest manifest) {
        if (latest != null) {
            latest.saved(manifest);
        }
    }

    private static long bytes(List<ByteBuffer> chunks) {
        long total = 0;
        for (ByteBuffer chunk : chunks) {
            total += chunk.remaining();
        }
        return total;
    }

    @Override
    public String toString() {
        return "Metered" + delegate;
    }
}
