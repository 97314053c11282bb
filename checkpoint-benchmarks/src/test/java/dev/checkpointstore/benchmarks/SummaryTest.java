package dev.checkpointstore.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.benchmarks.Summary.Row;
import dev.checkpointstore.benchmarks.Summary.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTest {

    private static Measured m(String benchmark, String key, String value, double score, String unit) {
        return new Measured(benchmark, Map.of(key, value), score, score / 100, unit, OptionalDouble.empty(), Map.of());
    }

    private static Row row(Summary summary, String section, String casePrefix) {
        return summary.rows().stream().filter(r -> r.section().equals(section) && r.cas().startsWith(casePrefix))
                .findFirst().orElseThrow();
    }

    @Test
    void judgesSaveAgainstOnePointThreeTimesTheHandDonePublish() {
        Summary summary = new Summary(List.of(
                m("SaveBenchmark.store_save", "shape", "2x2", 2500, "us/op"),
                m("SaveBenchmark.baseline_handDonePublish", "shape", "2x2", 2000, "us/op"),
                m("SaveBenchmark.store_save", "shape", "50x20", 3000, "us/op"),
                m("SaveBenchmark.baseline_handDonePublish", "shape", "50x20", 2000, "us/op")), Map.of());

        assertThat(row(summary, "1 save", "2x2").ratio()).isEqualTo("1.25x");
        assertThat(row(summary, "1 save", "2x2").verdict()).isEqualTo(Verdict.MET);
        assertThat(row(summary, "1 save", "50x20").ratio()).isEqualTo("1.50x");
        assertThat(row(summary, "1 save", "50x20").verdict()).isEqualTo(Verdict.MISSED);
    }

    @Test
    void judgesThroughputAsAFractionOfRawAndConvertsUnits() {
        Summary summary = new Summary(List.of(
                m("SaveWithStateBenchmark.store_saveWithState", "size", "100MiB", 250, "ms/op"),
                m("SaveWithStateBenchmark.baseline_gatherWriteAndForce", "size", "100MiB", 0.2, "s/op"),
                m("ValidatedRecoveryBenchmark.store_recoverLatestValidated", "size", "1GiB", 7000, "ms/op"),
                m("ValidatedRecoveryBenchmark.baseline_readSha256", "size", "1GiB", 6900, "ms/op")), Map.of());

        Row write = row(summary, "2 saveWithState", "100MiB");
        assertThat(write.ratio()).isEqualTo("0.80");
        assertThat(write.store()).contains("400 MiB/s");
        assertThat(write.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(row(summary, "3 recoverLatestValidated", "1GiB,").verdict()).isEqualTo(Verdict.MET);
        assertThat(row(summary, "3 recoverLatestValidated", "1GiB wall").verdict()).isEqualTo(Verdict.MISSED);
    }

    @Test
    void reportsRecoveryGrowthPerRetainedCheckpointBeyondTheListing() {
        Summary flat = new Summary(List.of(
                m("RetainedRecoveryBenchmark.store_recoverLatestValidated", "retained", "1", 100, "us/op"),
                m("RetainedRecoveryBenchmark.store_recoverLatestValidated", "retained", "1000", 1100, "us/op"),
                m("RetainedRecoveryBenchmark.store_listIds", "retained", "1", 10, "us/op"),
                m("RetainedRecoveryBenchmark.store_listIds", "retained", "1000", 1000, "us/op")), Map.of());
        Row row = row(flat, "4 recover, 1000 retained", "ns per retained");
        assertThat(row.store()).isEqualTo("1001 ns");
        assertThat(row.baseline()).isEqualTo("991 ns (listIds)");
        assertThat(row.verdict()).isEqualTo(Verdict.MET);

        Summary growing = new Summary(List.of(
                m("RetainedRecoveryBenchmark.store_recoverLatestValidated", "retained", "1", 100, "us/op"),
                m("RetainedRecoveryBenchmark.store_recoverLatestValidated", "retained", "1000", 50_000, "us/op"),
                m("RetainedRecoveryBenchmark.store_listIds", "retained", "1", 10, "us/op"),
                m("RetainedRecoveryBenchmark.store_listIds", "retained", "1000", 1000, "us/op")), Map.of());
        assertThat(row(growing, "4 recover, 1000 retained", "ns per retained").verdict()).isEqualTo(Verdict.MISSED);
    }

    @Test
    void reportsFsyncsNextToTheHandDonePublish() {
        Summary summary = new Summary(List.of(), Map.of(
                "save", new StraceFsyncCounter.SyncCount(2, 3),
                "handDonePublish", new StraceFsyncCounter.SyncCount(2, 2)));
        assertThat(row(summary, "1 save fsyncs", "").store()).isEqualTo("5.00 (2.00 file + 3.00 dir)");
        assertThat(row(summary, "1 save fsyncs", "").ratio()).isEqualTo("+1.00");
    }

    @Test
    void judgesS3RequestsAgainstTheirBudget() {
        Measured save = new Measured("S3Benchmark.store_save", Map.of(), 4, 0.1, "ms/op", OptionalDouble.empty(),
                Map.of("s3Requests", 40.0, "s3Calls", 20.0));
        Measured load = new Measured("S3Benchmark.store_loadLatest", Map.of(), 4, 0.1, "ms/op", OptionalDouble.empty(),
                Map.of("s3Requests", 60.0, "s3Calls", 20.0));
        Summary summary = new Summary(List.of(save, load), Map.of());
        assertThat(row(summary, "5 S3 save", "").verdict()).isEqualTo(Verdict.MET);
        assertThat(row(summary, "5 S3 save", "").store()).contains("2.00 requests");
        assertThat(row(summary, "5 S3 loadLatest", "").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(summary.toMarkdown()).contains("| 5 S3 loadLatest |").contains("**missed**");
    }

    @Test
    void judgesTheListenerStallAgainstOnePointTwoTimesABareSaveAndReportsTheWholeCheckpoint() {
        Measured bare = new Measured("CoordinatorStallBenchmark.baseline_saveWithState", Map.of("size", "1MiB"), 10,
                0.1, "ms/op", OptionalDouble.empty(), Map.of());
        Measured checkpoint = new Measured("CoordinatorStallBenchmark.coordinator_checkpoint", Map.of("size", "1MiB"),
                20, 0.1, "ms/op", OptionalDouble.empty(), Map.of("stallNanos", 110e6, "checkpoints", 10.0));
        Measured slow = new Measured("CoordinatorStallBenchmark.coordinator_checkpoint", Map.of("size", "10MiB"), 20,
                0.1, "ms/op", OptionalDouble.empty(), Map.of("stallNanos", 130e6, "checkpoints", 10.0));
        Measured slowBare = new Measured("CoordinatorStallBenchmark.baseline_saveWithState", Map.of("size", "10MiB"),
                10, 0.1, "ms/op", OptionalDouble.empty(), Map.of());

        Summary summary = new Summary(List.of(bare, checkpoint, slow, slowBare), Map.of());

        Row met = row(summary, "6 coordinator stall", "1MiB");
        assertThat(met.store()).isEqualTo("11.00 ms");
        assertThat(met.ratio()).isEqualTo("1.10x");
        assertThat(met.verdict()).isEqualTo(Verdict.MET);
        assertThat(row(summary, "6 coordinator stall", "10MiB").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(row(summary, "6 coordinator checkpoint", "1MiB").ratio()).isEqualTo("2.00x");
        assertThat(row(summary, "6 coordinator checkpoint", "1MiB").verdict()).isEqualTo(Verdict.INFO);
    }

    @Test
    void judgesTheSmallOperationsAgainstTheirOwnTargets() {
        Summary summary = new Summary(List.of(
                m("SaveWithStateBenchmark.store_saveWithState", "size", "1MiB", 10, "ms/op"),
                m("SaveWithStateBenchmark.baseline_gatherWriteAndForce", "size", "1MiB", 4, "ms/op"),
                m("SaveWithStateBenchmark.baseline_handDonePublishWithState", "size", "1MiB", 8, "ms/op"),
                m("SaveWithStateBenchmark.baseline_handDonePublishWithHashedState", "size", "1MiB", 9.6, "ms/op"),
                m("RecoveryBenchmark.store_loadLatestAndState", "size", "1KiB", 40, "us/op"),
                m("RecoveryBenchmark.baseline_readFiles", "size", "1KiB", 33, "us/op"),
                m("RecoveryBenchmark.store_loadLatestAndState", "size", "100MiB", 100, "ms/op"),
                m("RecoveryBenchmark.baseline_readFiles", "size", "100MiB", 50, "ms/op")), Map.of());

        Row publish = row(summary, "2 saveWithState", "1MiB vs hand-done publish, same 7 fsyncs, stamping");
        assertThat(publish.ratio()).isEqualTo("0.96");
        assertThat(publish.verdict()).isEqualTo(Verdict.MET);
        Row precomputed = row(summary, "2 saveWithState", "1MiB vs hand-done publish, same 7 fsyncs, checksum precomputed");
        assertThat(precomputed.ratio()).isEqualTo("0.80");
        assertThat(precomputed.verdict()).isEqualTo(Verdict.INFO);
        Row small = row(summary, "3 loadLatest+loadStateData", "1KiB vs plain read");
        assertThat(small.ratio()).isEqualTo("0.83");
        assertThat(small.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(row(summary, "3 loadLatest+loadStateData", "100MiB vs plain read").verdict()).isEqualTo(Verdict.INFO);
    }

    @Test
    void judgesTheStoresOwnAllocationPerSaveAgainstTheEncodedManifest() {
        int manifest = dev.checkpointstore.core.ManifestCodec.encode(RealisticManifests.parse("10x10").manifest(1)).length;
        Summary within = new Summary(List.of(alloc("SaveBenchmark.store_save", 4000 + 1.4 * manifest),
                alloc("SaveBenchmark.baseline_handDonePublish", 0), alloc("SaveBenchmark.harness_buildManifest", 4000)),
                Map.of());
        Summary over = new Summary(List.of(alloc("SaveBenchmark.store_save", 4000 + 1.6 * manifest),
                alloc("SaveBenchmark.baseline_handDonePublish", 0), alloc("SaveBenchmark.harness_buildManifest", 4000)),
                Map.of());

        assertThat(row(within, "1 save alloc", "10x10").ratio()).endsWith("store's own, 1.40x");
        assertThat(row(within, "1 save alloc", "10x10").verdict()).isEqualTo(Verdict.MET);
        assertThat(row(over, "1 save alloc", "10x10").verdict()).isEqualTo(Verdict.MISSED);
    }

    private static Measured alloc(String benchmark, double bytesPerOp) {
        return new Measured(benchmark, Map.of("shape", "10x10"), 1000, 10, "us/op", OptionalDouble.of(bytesPerOp),
                Map.of());
    }
}
