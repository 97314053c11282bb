package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

/**
 * Customizes the builder of the auto-configured {@link InMemoryCheckpointStore} after the
 * properties are applied. Customizers run in order.
 */
@FunctionalInterface
public interface InMemoryCheckpointStoreBuilderCustomizer {

    /**
     * Customizes the builder.
     * @param builder the builder
     */
    void customize(InMemoryCheckpointStore.Builder builder);
}
