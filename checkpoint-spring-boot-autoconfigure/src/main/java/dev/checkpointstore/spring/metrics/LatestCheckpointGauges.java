package dev.checkpointstore.spring.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;

/**
 * The gauges {@code checkpoint.latest.id} and {@code checkpoint.latest.age} (seconds since the
 * latest checkpoint's {@code timestamp_ms}), NaN while there is no checkpoint. The latest
 * manifest is read from the store at most once per refresh interval, by one reader while the others
 * get the last value; a metered store reports its saves at once. No lock is held while the store
 * is read, so a slow store never holds up {@link #saved}, and a save recorded during a read is not
 * replaced by the older checkpoint the read may have found.
 */
public final class LatestCheckpointGauges implements MeterBinder {

    /** The latest id gauge's name. */
    public static final String LATEST_ID = "checkpoint.latest.id";

    /** The latest age gauge's name. */
    public static final String LATEST_AGE = "checkpoint.latest.age";

    private static final Log logger = LogFactory.getLog(LatestCheckpointGauges.class);

    private final Supplier<@Nullable CheckpointStore> store;
    private final long refreshNanos;
    private final Clock clock;
    private final Object monitor = new Object();
    private @Nullable Latest latest;
    private long refreshedAt;
    private boolean refreshed;
    private long saves;

    /**
     * Creates the gauges.
     * @param store supplies the store, resolved when first read; null means no store
     * @param refreshInterval how long a read of the latest manifest is reused
     * @param clock the clock ages are measured by
     */
    public LatestCheckpointGauges(Supplier<@Nullable CheckpointStore> store, Duration refreshInterval, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.refreshNanos = refreshInterval.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(LATEST_ID, this, LatestCheckpointGauges::latestId)
                .description("Id of the checkpoint the latest pointer names")
                .register(registry);
        Gauge.builder(LATEST_AGE, this, LatestCheckpointGauges::latestAgeSeconds)
                .description("Age of the latest checkpoint by its creation time")
                .baseUnit("seconds")
                .register(registry);
    }

    /**
     * Records a checkpoint just saved, unless a newer one is known.
     * @param manifest the saved manifest
     */
    public void saved(CheckpointManifest manifest) {
        synchronized (monitor) {
            saves++;
            Latest current = latest;
            if (current == null || Long.compareUnsigned(manifest.checkpointId(), current.id()) >= 0) {
                latest = new Latest(manifest.checkpointId(), manifest.timestampMs());
            }
        }
    }

    double latestId() {
        Latest current = current();
        return current == null ? Double.NaN : unsignedToDouble(current.id());
    }

    double latestAgeSeconds() {
        Latest current = current();
        if (current == null || current.timestampMs() == 0) {
            return Double.NaN;
        }
        return (clock.millis() - current.timestampMs()) / 1000.0;
    }

    private @Nullable Latest current() {
        long savesBefore;
        synchronized (monitor) {
            long now = System.nanoTime();
            if (refreshed && now - refreshedAt < refreshNanos) {
                return latest;
            }
            refreshed = true;
            refreshedAt = now;
            savesBefore = saves;
        }
        CheckpointStore current = store.get();
        if (current == null) {
            return last();
        }
        Optional<CheckpointManifest> manifest;
        try {
            manifest = current.loadLatest();
        }
        catch (RuntimeException ex) {
            logger.debug("Cannot read the latest checkpoint at " + current.location() + " for the gauges", ex);
            return last();
        }
        Latest read = manifest.map(m -> new Latest(m.checkpointId(), m.timestampMs())).orElse(null);
        synchronized (monitor) {
            boolean newer = read != null && (latest == null || Long.compareUnsigned(read.id(), latest.id()) > 0);
            if (saves == savesBefore || newer) {
                latest = read;
            }
            return latest;
        }
    }

    private @Nullable Latest last() {
        synchronized (monitor) {
            return latest;
        }
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0;
    }

    private record Latest(long id, long timestampMs) {
    }
}
