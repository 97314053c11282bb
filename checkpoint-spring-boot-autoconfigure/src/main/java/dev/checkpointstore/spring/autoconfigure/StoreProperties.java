package dev.checkpointstore.spring.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Applies the properties every backend shares to a store builder, turning a value the store
 * rejects into an {@link InvalidCheckpointPropertyException} that names the property.
 */
final class StoreProperties {

    private StoreProperties() {
    }

    static void applyCommon(CheckpointProperties properties, IntConsumer vnodeCount, IntConsumer maxRetained,
            Consumer<Duration> orphanMinAge, IntConsumer maxManifestBytes) {
        apply("checkpoint.vnode-count", properties.getVnodeCount(),
                () -> vnodeCount.accept(properties.getVnodeCount()),
                "Set checkpoint.vnode-count to the vnode count of the running system, between 1 and 65535 "
                        + "(the default is 256).");
        apply("checkpoint.retention", properties.getRetention(),
                () -> maxRetained.accept(properties.getRetention()),
                "Set checkpoint.retention to how many checkpoints to keep, or to 0 to keep them all.");
        Duration minAge = properties.getOrphanCleanup().getMinAge();
        apply("checkpoint.orphan-cleanup.min-age", minAge,
                () -> orphanMinAge.accept(minAge),
                "Set checkpoint.orphan-cleanup.min-age to a positive duration longer than a save takes, such as 1h.");
        long bytes = properties.getMaxManifestSize().toBytes();
        apply("checkpoint.max-manifest-size", properties.getMaxManifestSize(),
                () -> maxManifestBytes.accept((int) bytes),
                "Set checkpoint.max-manifest-size to a size such as 16MB (the default).");
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
