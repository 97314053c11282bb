package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.test.Directories;

/**
 * Benchmark 3a: recovery as LaminarDB's benchmark measures it, {@code loadLatest} then
 * {@code loadStateData}, against reading the same files by hand: {@code baseline_readFiles}
 * reads pointer, manifest and sidecar into memory without parsing (the strict limit) and
 * {@code baseline_readSha256} streams the sidecar through SHA-256 (the baseline).
 * Target: at least 0.9 of raw. Files are in the page cache after the first read, so this
 * measures the software's cost, not the disk's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecoveryBenchmark {

    /** Sidecar size, LaminarDB's four. */
    @Param({"1KiB", "1MiB", "10MiB", "100MiB"})
    public String size;

    private Path dir;
    private Path storeDir;
    private CheckpointStore store;

    /** Saves one checkpoint with its sidecar through the store. */
    @Setup(Level.Trial)
    public void setUp() {
        List<ByteBuffer> state = StateData.heapChunks(StateData.parseSize(size), 8, XorShift64.DEFAULT_SEED);
        dir = BenchDirs.fresh("recovery-" + size);
        storeDir = dir.resolve("store");
        store = Stores.filesystem(storeDir);
        store.saveWithState(new RealisticManifests(5, 3).manifestWithSidecar(1, state), state);
    }

    /** Removes the checkpoint. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Directories.deleteTree(dir);
    }

    /**
     * The store: the latest manifest, then its whole sidecar.
     * @return the sidecar
     */
    @Benchmark
    public byte[] store_loadLatestAndState() {
        CheckpointManifest manifest = store.loadLatest().orElseThrow();
        return store.loadStateData(manifest.checkpointId()).orElseThrow();
    }

    /**
     * The same three files read into memory by hand, without parsing.
     * @return the bytes read
     */
    @Benchmark
    public long baseline_readFiles() throws IOException {
        long read = Files.readAllBytes(FsLayout.latestFile(storeDir)).length;
        read += RawIo.readAll(FsLayout.manifestFile(storeDir, 1)).length;
        return read + RawIo.readAll(FsLayout.stateFile(storeDir, 1)).length;
    }

    /**
     * The sidecar streamed through SHA-256 by hand.
     * @return the digest
     */
    @Benchmark
    public byte[] baseline_readSha256() throws IOException {
        return RawIo.readSha256(FsLayout.stateFile(storeDir, 1));
    }
}
