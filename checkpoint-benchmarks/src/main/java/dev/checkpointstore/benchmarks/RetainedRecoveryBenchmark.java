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
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.test.Directories;

/**
 * Benchmark 4: {@code recoverLatestValidated} with many retained checkpoints, the newest valid.
 * Its cost may grow with the number retained only as fast as {@code listIds} does; the quick
 * profile reports both per retained checkpoint. The older checkpoints are written as plain files
 * in the layout of FORMAT.md (no fsync, to keep setup fast); the newest, with a 1 KiB sidecar,
 * through the store.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RetainedRecoveryBenchmark {

    /** How many checkpoints the store holds. */
    @Param({"1", "100", "1000"})
    public int retained;

    private Path dir;
    private CheckpointStore store;

    /** Writes {@code retained - 1} older checkpoints by hand and the newest through the store. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (retained < 1) {
            throw new IllegalArgumentException("retained must be >= 1, was " + retained);
        }
        dir = BenchDirs.fresh("retained-" + retained);
        Path storeDir = dir.resolve("store");
        RealisticManifests manifests = new RealisticManifests(2, 2);
        for (long id = 1; id < retained; id++) {
            Path manifest = FsLayout.manifestFile(storeDir, id);
            Files.createDirectories(manifest.getParent());
            Files.write(manifest, ManifestCodec.encode(manifests.manifest(id)));
        }
        store = Stores.filesystem(storeDir);
        List<ByteBuffer> state = StateData.heapChunks(1024, 1, XorShift64.DEFAULT_SEED);
        CheckpointManifest newest = manifests.manifestWithSidecar(retained, state);
        store.saveWithState(newest, state);
        if (store.listIds().size() != retained) {
            throw new IllegalStateException("expected " + retained + " checkpoints, store lists " + store.listIds().size());
        }
    }

    /** Removes the store. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Directories.deleteTree(dir);
    }

    /**
     * Validated recovery; fails loudly unless the newest was chosen after examining only it.
     * @return the report
     */
    @Benchmark
    public RecoveryReport store_recoverLatestValidated() {
        RecoveryReport report = store.recoverLatestValidated();
        if (!report.skipped().isEmpty() || report.chosenId().orElse(-1) != retained) {
            throw new IllegalStateException("recovery did not choose the newest checkpoint " + retained + ": " + report);
        }
        return report;
    }

    /**
     * The id listing recovery starts with.
     * @return the ids
     */
    @Benchmark
    public List<Long> store_listIds() {
        return store.listIds();
    }
}
