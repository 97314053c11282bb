package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

/**
 * Customizes the builder of the auto-configured {@link InMemoryCheckpointStore} after the
 * properties are applied. Customizers run in order; a
 * {@link CheckpointStoreBuilderCustomizer} of every builder runs too.
 */
@FunctionalInterface
public interface InMemoryCheckpointStoreBuilderCustomizer
        extends CheckpointStoreBuilderCustomizer<InMemoryCheckpointStore.Builder> {
}
