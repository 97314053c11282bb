package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.fs.FileSystemCheckpointStore;

/**
 * Customizes the builder of the auto-configured {@link FileSystemCheckpointStore} after the
 * properties are applied. Customizers run in order.
 */
@FunctionalInterface
public interface FileSystemCheckpointStoreBuilderCustomizer {

    /**
     * Customizes the builder.
     * @param builder the builder
     */
    void customize(FileSystemCheckpointStore.Builder builder);
}
