package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.azure.AzureBlobCheckpointStore;

/**
 * Customizes the builder of the auto-configured {@link AzureBlobCheckpointStore} after the
 * properties are applied (block size and upload parallelism, say). Customizers run in order; a
 * {@link CheckpointStoreBuilderCustomizer} of every builder runs too.
 */
@FunctionalInterface
public interface AzureBlobCheckpointStoreBuilderCustomizer
        extends CheckpointStoreBuilderCustomizer<AzureBlobCheckpointStore.Builder> {
}
