package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.test.Directories;

/**
 * A filesystem store holding one checkpoint with a large sidecar, written through the store once
 * and reused by later forks while the benchmarks jar is unchanged. The sidecar is generated into a
 * file and handed to {@code saveWithState} as memory-mapped chunks, so it is written in any heap.
 */
public final class CachedCheckpoint {

    private static final String MARKER = "complete.txt";

    private CachedCheckpoint() {
    }

    /**
     * The base directory of a store whose only checkpoint, id 1, has a sidecar of this size in
     * 8 chunks and LaminarDB's realistic {@code 5x3} manifest.
     * @param sidecarBytes the sidecar's size
     * @return the store's base directory
     * @throws IOException when writing fails
     */
    public static Path withSidecar(long sidecarBytes) throws IOException {
        Path dir = BenchDirs.root().resolve("cached-" + sidecarBytes);
        Path storeDir = dir.resolve("store");
        Path marker = dir.resolve(MARKER);
        String stamp = buildStamp();
        if (Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(stamp)) {
            return storeDir;
        }
        Directories.deleteTree(dir);
        Files.createDirectories(dir);
        Path source = dir.resolve("source.bin");
        StateData.writeFile(source, sidecarBytes, XorShift64.DEFAULT_SEED);
        List<ByteBuffer> chunks = StateData.mappedChunks(source, 8);
        CheckpointStore store = Stores.filesystem(storeDir);
        store.saveWithState(new RealisticManifests(5, 3).manifestWithSidecar(1, chunks), chunks);
        Files.delete(source);
        Files.writeString(marker, stamp, StandardCharsets.UTF_8);
        return storeDir;
    }

    private static String buildStamp() throws IOException {
        Path code = BenchDirs.targetDir();
        Path jar = code.resolve("benchmarks.jar");
        Path classes = code.resolve("classes");
        Path built = Files.exists(jar) ? jar : classes;
        return built + "@" + (Files.exists(built) ? Files.getLastModifiedTime(built).toMillis() : 0);
    }
}
