package dev.checkpointstore.spring.metrics;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ForwardingCheckpointStore;
import dev.checkpointstore.core.StateChunks;
import dev.checkpointstore.spring.CheckpointSaveHistory;

/**
 * A store that times saves ({@code checkpoint.save}, tags {@code backend} and
 * {@code outcome=success|failure}) and records the bytes of state written
 * ({@code checkpoint.state.size}, tag {@code backend}), forwarding every call to its delegate.
 * Every save attempt also goes into its {@link CheckpointSaveHistory}, which the
 * {@code checkpoints} endpoint summarizes.
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
    private final CheckpointSaveHistory history;
    private final Clock clock;

    /**
     * Creates a metered store with a history of its own.
     * @param delegate the store
     * @param backend the {@code backend} tag
     * @param registry where the meters live
     * @param latest told of each saved checkpoint so the latest gauges need not re-read the store, or null
     */
    public MeteredCheckpointStore(CheckpointStore delegate, String backend, MeterRegistry registry,
            @Nullable LatestCheckpointGauges latest) {
        this(delegate, backend, registry, latest, new CheckpointSaveHistory(), Clock.systemUTC());
    }

    /**
     * Creates a metered store.
     * @param delegate the store
     * @param backend the {@code backend} tag
     * @param registry where the meters live
     * @param latest told of each saved checkpoint so the latest gauges need not re-read the store, or null
     * @param history where every save attempt is recorded
     * @param clock the clock that dates the attempts
     */
    public MeteredCheckpointStore(CheckpointStore delegate, String backend, MeterRegistry registry,
            @Nullable LatestCheckpointGauges latest, CheckpointSaveHistory history, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
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

    /**
     * The history every save attempt of this store is recorded in.
     * @return the history
     */
    public CheckpointSaveHistory saveHistory() {
        return history;
    }

    @Override
    public void save(CheckpointManifest manifest) {
        timed(manifest, 0, () -> delegate.save(manifest));
        saved(manifest);
    }

    @Override
    public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
        long stateBytes = state == null ? 0 : StateChunks.size(state);
        timed(manifest, stateBytes, () -> delegate.saveWithState(manifest, state));
        if (state != null) {
            stateSize.record(stateBytes);
        }
        saved(manifest);
    }

    @Override
    public void saveStateData(long checkpointId, List<ByteBuffer> chunks) {
        delegate.saveStateData(checkpointId, chunks);
        stateSize.record(StateChunks.size(chunks));
    }

    private void timed(@Nullable CheckpointManifest manifest, long stateBytes, Runnable save) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        try {
            save.run();
        }
        catch (RuntimeException | Error ex) {
            long elapsed = System.nanoTime() - start;
            failures.record(elapsed, TimeUnit.NANOSECONDS);
            history.failed(manifest == null ? OptionalLong.empty() : OptionalLong.of(manifest.checkpointId()),
                    startedAt, Duration.ofNanos(elapsed), stateBytes, ex);
            throw ex;
        }
        long elapsed = System.nanoTime() - start;
        successes.record(elapsed, TimeUnit.NANOSECONDS);
        history.succeeded(Objects.requireNonNull(manifest, "manifest").checkpointId(), startedAt,
                Duration.ofNanos(elapsed), stateBytes);
    }

    private void saved(CheckpointManifest manifest) {
        if (latest != null) {
            latest.saved(manifest);
        }
    }

    @Override
    public String toString() {
        return "Metered" + delegate;
    }
}
