package dev.checkpointstore.spring.autoconfigure;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import dev.checkpointstore.core.CheckpointStoreBuilder;

/**
 * Applies the properties every backend shares to a store builder, turning a value the store
 * rejects into an {@link InvalidCheckpointPropertyException} that names the property.
 */
final class StoreProperties {

    /**
     * The least {@code checkpoint.orphan-cleanup.min-age} for a backend that other processes can
     * write to: there the minimum age is all that keeps orphan cleanup away from another
     * process's save in progress.
     */
    static final Duration LEAST_SHARED_ORPHAN_MIN_AGE = Duration.ofMinutes(1);

    private StoreProperties() {
    }

    /**
     * Refuses an orphan minimum age below {@link #LEAST_SHARED_ORPHAN_MIN_AGE} for a backend that
     * other processes can write to.
     * @param properties the properties
     * @param backend the backend, for the message
     * @throws InvalidCheckpointPropertyException naming {@code checkpoint.orphan-cleanup.min-age}
     */
    static void requireSharedOrphanMinAge(CheckpointProperties properties, String backend) {
        Duration minAge = properties.getOrphanCleanup().getMinAge();
        if (minAge.compareTo(LEAST_SHARED_ORPHAN_MIN_AGE) < 0) {
            throw new InvalidCheckpointPropertyException("checkpoint.orphan-cleanup.min-age", minAge,
                    "must be at least 1m for the " + backend + " backend: another process may be saving into the"
                            + " same location, and only the minimum age keeps orphan cleanup from deleting the state"
                            + " of its save in progress",
                    "Set checkpoint.orphan-cleanup.min-age to at least 1m and longer than the longest save takes,"
                            + " such as 1h (the default).");
        }
    }

    /**
     * Applies the properties every backend shares to a store builder.
     * @param properties the properties
     * @param builder the backend's builder
     * @throws InvalidCheckpointPropertyException naming the property whose value the store refuses
     */
    static void applyCommon(CheckpointProperties properties, CheckpointStoreBuilder<?> builder) {
        apply("checkpoint.vnode-count", properties.getVnodeCount(),
                () -> builder.vnodeCount(properties.getVnodeCount()),
                "Set checkpoint.vnode-count to the vnode count of the running system, between 1 and 65535 "
                        + "(the default is 256).");
        apply("checkpoint.retention", properties.getRetention(),
                () -> builder.maxRetained(properties.getRetention()),
                "Set checkpoint.retention to how many checkpoints to keep, or to 0 to keep them all.");
        Duration minAge = properties.getOrphanCleanup().getMinAge();
        apply("checkpoint.orphan-cleanup.min-age", minAge,
                () -> builder.orphanMinAge(minAge),
                "Set checkpoint.orphan-cleanup.min-age to a positive duration longer than a save takes, such as 1h.");
        DataSize size = properties.getMaxManifestSize();
        apply("checkpoint.max-manifest-size", size, () -> builder.maxManifestBytes(intBytes(size)),
                "Set checkpoint.max-manifest-size to a size such as 16MB (the default).");
    }

    private static int intBytes(DataSize size) {
        long bytes = size.toBytes();
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be between 1B and " + Integer.MAX_VALUE + "B");
        }
        return (int) bytes;
    }

    /**
     * Runs a builder setter and turns the store's rejection of the value into an
     * {@link InvalidCheckpointPropertyException}.
     */
    static void apply(String property, Object value, Runnable setter, String action) {
        try {
            setter.run();
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidCheckpointPropertyException(property, value,
                    ex.getMessage() != null ? ex.getMessage() : "rejected by the store", action, ex);
        }
    }
}
