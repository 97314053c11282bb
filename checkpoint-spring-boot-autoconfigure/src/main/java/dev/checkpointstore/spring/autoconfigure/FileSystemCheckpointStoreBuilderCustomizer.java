package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.fs.FileSystemCheckpointStore;

/**
 * Customizes the builder of the auto-configured {@link FileSystemCheckpointStore} after the
 * properties are applied. Customizers run in order; a
 * {@link CheckpointStoreBuilderCustomizer} of every builder runs too.
 */
@FunctionalInterface
public interface FileSystemCheckpointStoreBuilderCustomizer
        extends CheckpointStoreBuilderCustomizer<FileSystemCheckpointStore.Builder> {
}
