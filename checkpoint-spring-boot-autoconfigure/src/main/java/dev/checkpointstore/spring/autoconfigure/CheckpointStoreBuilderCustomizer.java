package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.CheckpointStoreBuilder;

/**
 * Customizes the builder of an auto-configured store after the properties are applied. A
 * customizer is called for the builders its type argument accepts: a
 * {@code CheckpointStoreBuilderCustomizer<CheckpointStoreBuilder<?>>} for every backend, a
 * {@link FileSystemCheckpointStoreBuilderCustomizer} for the filesystem only, and so on.
 * Customizers run in their {@link org.springframework.core.annotation.Order order}.
 *
 * @param <B> the builders this customizer accepts
 */
@FunctionalInterface
public interface CheckpointStoreBuilderCustomizer<B extends CheckpointStoreBuilder<?>> {

    /**
     * Customizes the builder.
     * @param builder the builder
     */
    void customize(B builder);
}
