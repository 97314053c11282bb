package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.s3.S3CheckpointStore;

/**
 * Customizes the builder of the auto-configured {@link S3CheckpointStore} after the properties are
 * applied (multipart sizes, say). Customizers run in order; a
 * {@link CheckpointStoreBuilderCustomizer} of every builder runs too.
 */
@FunctionalInterface
public interface S3CheckpointStoreBuilderCustomizer
        extends CheckpointStoreBuilderCustomizer<S3CheckpointStore.Builder> {
}
