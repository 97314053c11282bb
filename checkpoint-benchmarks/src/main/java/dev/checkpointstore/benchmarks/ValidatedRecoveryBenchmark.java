package dev.checkpointstore.benchmarks;

import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.RecoveryReport;

/**
 * Benchmark 3b: {@code recoverLatestValidated}, which streams the sidecar through its checksum,
 * against streaming the same file through SHA-256 by hand. Runs with a 128 MiB heap, so the 1 GiB
 * case proves the streaming paths. Targets: at least 0.9 of raw; 1 GiB in under 6 s. The
 * checkpoint is written once per jar build and reused by every fork ({@link CachedCheckpoint}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx128m")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ValidatedRecoveryBenchmark {

    /** Sidecar size. */
    @Param({"100MiB", "1GiB"})
    public String size;

    private Path storeDir;
    private CheckpointStore store;

    /** Opens (writing it the first time) a store holding one checkpoint with this sidecar. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        storeDir = CachedCheckpoint.withSidecar(StateData.parseSize(size));
        store = Stores.filesystem(storeDir);
    }

    /**
     * The store's validated recovery; fails loudly unless it chose the checkpoint.
     * @return the report
     */
    @Benchmark
    public RecoveryReport store_recoverLatestValidated() {
        RecoveryReport report = store.recoverLatestValidated();
        if (report.chosenId().isEmpty() || !report.skipped().isEmpty()) {
            throw new IllegalStateException("recovery did not choose checkpoint 1: " + report);
        }
        return report;
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
