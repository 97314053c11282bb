package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import dev.checkpointstore.test.Directories;

/**
 * Benchmark 1: {@code save} of a manifest without sidecar, against publishing the same bytes by
 * hand (temp file, fsync, rename, fsync directory; then the same for {@code latest.txt}). Target:
 * {@code store_save} within 1.3x of {@code baseline_handDonePublish} (4 fsyncs).
 * {@code baseline_handDonePublishStrict} adds the fifth fsync the store makes (the new directory's
 * entry before the pointer names it).
 * {@code harness_buildManifest} measures what building the manifest costs the benchmark itself,
 * so its time and allocation can be told apart from the store's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class SaveBenchmark {

    /** Sources x operators of the realistic manifest, LaminarDB's three shapes. */
    @Param({"2x2", "10x10", "50x20"})
    public String shape;

    private RealisticManifests manifests;
    private Path dir;
    private Path storeDir;
    private Path baselineCheckpoints;
    private CheckpointStore store;
    private byte[] json;
    private long storeId;
    private long baselineId;
    private long harnessId;

    /** Creates the store and the baseline's directory, and encodes the baseline's bytes. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        manifests = RealisticManifests.parse(shape);
        dir = BenchDirs.fresh("save-" + shape);
        storeDir = dir.resolve("store");
        store = Stores.filesystem(storeDir);
        baselineCheckpoints = Files.createDirectories(FsLayout.checkpointsDir(dir.resolve("baseline")));
        json = ManifestCodec.encode(manifests.manifest(1));
    }

    /** Keeps the directories small between iterations; ids keep rising. */
    @TearDown(Level.Iteration)
    public void trim() throws IOException {
        if (storeId > 0) {
            store.prune(1);
        }
        BenchDirs.deleteCheckpointDirs(baselineCheckpoints);
    }

    /** Removes everything the trial wrote. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Directories.deleteTree(dir);
    }

    /** The store's save of the next checkpoint. */
    @Benchmark
    public void store_save() {
        store.save(manifests.manifest(++storeId));
    }

    /** The same bytes published by hand: four fsyncs, nothing else. */
    @Benchmark
    public void baseline_handDonePublish() throws IOException {
        HandDonePublish.publishCheckpoint(baselineCheckpoints, ++baselineId, json);
    }

    /**
     * The same bytes published by hand with a fifth fsync, of {@code checkpoints/} for the new
     * directory before the pointer names it, as the store does: isolates the store's software
     * overhead from the cost of that ordering.
     */
    @Benchmark
    public void baseline_handDonePublishStrict() throws IOException {
        HandDonePublish.publishCheckpointStrict(baselineCheckpoints, ++baselineId, json);
    }

    /**
     * What the benchmark itself spends building each manifest for {@code store_save}.
     * @return the manifest
     */
    @Benchmark
    public CheckpointManifest harness_buildManifest() {
        return manifests.manifest(++harnessId);
    }
}
