package dev.checkpointstore.benchmarks;

import java.nio.file.Path;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.fs.FileSystemCheckpointStore;

/**
 * The stores under measurement, built the way a user builds them.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * A filesystem store keeping every checkpoint, so no prune runs inside a measured save (the
     * benchmarks prune between iterations).
     * @param baseDir its base directory
     * @return the store
     */
    public static CheckpointStore filesystem(Path baseDir) {
        return FileSystemCheckpointStore.builder(baseDir).build();
    }
}
