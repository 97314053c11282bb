package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.s3.S3CheckpointStore;

/**
 * Customizes the builder of the auto-configured {@link S3CheckpointStore} after the properties are
 * applied (multipart sizes, say). Customizers run in order.
 */
@FunctionalInterface
public interface S3CheckpointStoreBuilderCustomizer {

    /**
     * Customizes the builder.
     * @param builder the builder
     */
    void customize(S3CheckpointStore.Builder builder);
}
