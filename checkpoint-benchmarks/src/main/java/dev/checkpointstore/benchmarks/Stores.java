package dev.checkpointstore.benchmarks;

import java.nio.file.Path;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

/**
 * The stores under measurement, built the way a user builds them.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * A filesystem store keeping every checkpoint (no pruning inside the measured save).
     * @param baseDir its base directory
     * @return the store
     */
    public static CheckpointStore filesystem(Path baseDir) {
        // TODO(bench): FileSystemCheckpointStore once branch fs lands
        return InMemoryCheckpointStore.builder().build();
    }
}
