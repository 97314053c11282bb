package dev.checkpointstore.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.ManifestCodec;

/**
 * Turns benchmark results into the ratios the issue sets targets for: each store operation
 * against its baseline from the same run, plus the fsyncs per save and the allocation per save.
 * Renders them as the Markdown that docs/benchmarks.md records.
 */
public final class Summary {

    /** Largest allowed save time as a multiple of the hand-done publish. */
    public static final double SAVE_MAX_RATIO = 1.3;

    /** Smallest allowed throughput as a fraction of the raw baseline. */
    public static final double MIN_THROUGHPUT_RATIO = 0.9;

    /**
     * Smallest allowed throughput of {@code saveWithState} as a fraction of the hand-done publish
     * with the same fsyncs that also stamps the sidecar's checksum, as the format requires of a save.
     */
    public static final double PUBLISH_MIN_RATIO = 0.95;

    /** Smallest allowed throughput of a 1 KiB {@code loadLatest} + {@code loadStateData} as a fraction of a plain read. */
    public static final double SMALL_LOAD_MIN_RATIO = 0.85;

    /** Largest allowed allocation of a {@code save}, the store's own, as a multiple of the manifest's encoded size. */
    public static final double SAVE_ALLOC_MAX_RATIO = 1.5;

    /** Longest allowed validated recovery of 1 GiB, in seconds. */
    public static final double GIB_RECOVERY_MAX_SECONDS = 6.0;

    /** Longest allowed listener stall for a checkpoint, as a multiple of a bare saveWithState. */
    public static final double STALL_MAX_RATIO = 1.2;

    private static final double MIB = 1024.0 * 1024.0;

    private final List<Measured> results;
    private final Map<String, StraceFsyncCounter.SyncCount> syncs;
    private final List<Row> rows = new ArrayList<>();

    /**
     * Summarises results.
     * @param results the measurements of one run
     * @param syncs syncs per operation by {@link FsyncProbe.Operation#cliName()}, empty when not counted
     */
    public Summary(List<Measured> results, Map<String, StraceFsyncCounter.SyncCount> syncs) {
        this.results = List.copyOf(results);
        this.syncs = new LinkedHashMap<>(syncs);
        save();
        saveWithState();
        recovery();
        validatedRecovery();
        retained();
        coordinatorStall();
        s3();
        fsyncs();
    }

    /** Whether a target was met. */
    public enum Verdict {
        /** Met. */
        MET,
        /** Missed. */
        MISSED,
        /** Reported only; no target applies. */
        INFO
    }

    /**
     * One line of the summary.
     * @param section the benchmark, for example {@code 1 save}
     * @param cas the case, for example {@code 10x10}
     * @param store the store's figure
     * @param baseline the baseline's figure
     * @param ratio the ratio or derived figure the target applies to
     * @param target the target
     * @param verdict whether it was met
     */
    public record Row(String section, String cas, String store, String baseline, String ratio, String target,
            Verdict verdict) {
    }

    /** @return every row, in the order of the benchmarks */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * The rows as a Markdown table.
     * @return the table
     */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | case | store | baseline | ratio | target | |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            sb.append("| ").append(row.section()).append(" | ").append(row.cas()).append(" | ").append(row.store())
                    .append(" | ").append(row.baseline()).append(" | ").append(row.ratio()).append(" | ")
                    .append(row.target()).append(" | ").append(switch (row.verdict()) {
                        case MET -> "met";
                        case MISSED -> "**missed**";
                        case INFO -> "";
                    }).append(" |\n");
        }
        return sb.toString();
    }

    private void save() {
        for (String shape : paramValues("SaveBenchmark.store_save", "shape")) {
            Optional<Measured> store = find("SaveBenchmark.store_save", "shape", shape);
            Optional<Measured> base = find("SaveBenchmark.baseline_handDonePublish", "shape", shape);
            if (store.isEmpty() || base.isEmpty()) {
                continue;
            }
            double ratio = store.get().seconds() / base.get().seconds();
            rows.add(new Row("1 save", shape + " (S x O)", time(store.get()), time(base.get()), times(ratio),
                    "<= " + SAVE_MAX_RATIO + "x", ratio <= SAVE_MAX_RATIO ? Verdict.MET : Verdict.MISSED));
            Optional<Measured> strict = find("SaveBenchmark.baseline_handDonePublishStrict", "shape", shape);
            if (strict.isPresent()) {
                rows.add(new Row("1 save", shape + " vs 5-fsync publish", time(store.get()), time(strict.get()),
                        times(store.get().seconds() / strict.get().seconds()), "reported", Verdict.INFO));
            }
            OptionalDouble alloc = store.get().allocBytesPerOp();
            if (alloc.isPresent()) {
                OptionalDouble harness = find("SaveBenchmark.harness_buildManifest", "shape", shape)
                        .map(Measured::allocBytesPerOp).orElse(OptionalDouble.empty());
                if (harness.isPresent()) {
                    double own = alloc.getAsDouble() - harness.getAsDouble();
                    int manifest = ManifestCodec.encode(RealisticManifests.parse(shape).manifest(1)).length;
                    double allocRatio = own / manifest;
                    rows.add(new Row("1 save alloc", shape, bytes(alloc.getAsDouble()) + "/op, "
                            + bytes(harness.getAsDouble()) + " of it the harness's", bytes(manifest) + " manifest",
                            bytes(own) + "/op store's own, " + times(allocRatio),
                            "<= " + SAVE_ALLOC_MAX_RATIO + "x the manifest",
                            allocRatio <= SAVE_ALLOC_MAX_RATIO ? Verdict.MET : Verdict.MISSED));
                }
                else {
                    rows.add(new Row("1 save alloc", shape, bytes(alloc.getAsDouble()) + "/op", "", "", "reported",
                            Verdict.INFO));
                }
            }
        }
    }

    private void saveWithState() {
        for (String size : paramValues("SaveWithStateBenchmark.store_saveWithState", "size")) {
            Optional<Measured> store = find("SaveWithStateBenchmark.store_saveWithState", "size", size);
            Optional<Measured> base = find("SaveWithStateBenchmark.baseline_gatherWriteAndForce", "size", size);
            if (store.isEmpty() || base.isEmpty()) {
                continue;
            }
            long bytes = StateData.parseSize(size);
            double ratio = base.get().seconds() / store.get().seconds();
            rows.add(new Row("2 saveWithState", size + " in 8 chunks", throughput(bytes, store.get()),
                    throughput(bytes, base.get()), fraction(ratio), ">= " + MIN_THROUGHPUT_RATIO + " of raw",
                    ratio >= MIN_THROUGHPUT_RATIO ? Verdict.MET : Verdict.MISSED));
            Optional<Measured> publish = find("SaveWithStateBenchmark.baseline_handDonePublishWithState", "size", size);
            if (publish.isPresent()) {
                double vsPublish = publish.get().seconds() / store.get().seconds();
                rows.add(new Row("2 saveWithState", size + " vs hand-done publish, same 7 fsyncs, checksum precomputed",
                        throughput(bytes, store.get()), throughput(bytes, publish.get()), fraction(vsPublish),
                        "reported", Verdict.INFO));
            }
            Optional<Measured> hashed = find("SaveWithStateBenchmark.baseline_handDonePublishWithHashedState", "size", size);
            if (hashed.isPresent()) {
                double vsHashed = hashed.get().seconds() / store.get().seconds();
                rows.add(new Row("2 saveWithState", size + " vs hand-done publish, same 7 fsyncs, stamping the checksum",
                        throughput(bytes, store.get()), throughput(bytes, hashed.get()), fraction(vsHashed),
                        ">= " + PUBLISH_MIN_RATIO + " of it", vsHashed >= PUBLISH_MIN_RATIO ? Verdict.MET : Verdict.MISSED));
            }
        }
    }

    private void recovery() {
        for (String size : paramValues("RecoveryBenchmark.store_loadLatestAndState", "size")) {
            Optional<Measured> store = find("RecoveryBenchmark.store_loadLatestAndState", "size", size);
            if (store.isEmpty()) {
                continue;
            }
            long bytes = StateData.parseSize(size);
            Optional<Measured> sha = find("RecoveryBenchmark.baseline_readSha256", "size", size);
            if (sha.isPresent()) {
                double ratio = sha.get().seconds() / store.get().seconds();
                rows.add(new Row("3 loadLatest+loadStateData", size + " vs read+SHA-256", throughput(bytes, store.get()),
                        throughput(bytes, sha.get()), fraction(ratio), ">= " + MIN_THROUGHPUT_RATIO + " of raw",
                        ratio >= MIN_THROUGHPUT_RATIO ? Verdict.MET : Verdict.MISSED));
            }
            Optional<Measured> files = find("RecoveryBenchmark.baseline_readFiles", "size", size);
            if (files.isPresent()) {
                double ratio = files.get().seconds() / store.get().seconds();
                boolean small = bytes <= 1024;
                rows.add(new Row("3 loadLatest+loadStateData", size + " vs plain read of the 3 files",
                        throughput(bytes, store.get()), throughput(bytes, files.get()), fraction(ratio),
                        small ? ">= " + SMALL_LOAD_MIN_RATIO + " of it" : "strict, reported",
                        !small ? Verdict.INFO : ratio >= SMALL_LOAD_MIN_RATIO ? Verdict.MET : Verdict.MISSED));
            }
        }
    }

    private void validatedRecovery() {
        for (String size : paramValues("ValidatedRecoveryBenchmark.store_recoverLatestValidated", "size")) {
            Optional<Measured> store = find("ValidatedRecoveryBenchmark.store_recoverLatestValidated", "size", size);
            Optional<Measured> base = find("ValidatedRecoveryBenchmark.baseline_readSha256", "size", size);
            if (store.isEmpty() || base.isEmpty()) {
                continue;
            }
            long bytes = StateData.parseSize(size);
            double ratio = base.get().seconds() / store.get().seconds();
            rows.add(new Row("3 recoverLatestValidated", size + ", -Xmx128m", throughput(bytes, store.get()),
                    throughput(bytes, base.get()), fraction(ratio), ">= " + MIN_THROUGHPUT_RATIO + " of raw",
                    ratio >= MIN_THROUGHPUT_RATIO ? Verdict.MET : Verdict.MISSED));
            if (bytes == 1024L * 1024 * 1024) {
                double seconds = store.get().seconds();
                rows.add(new Row("3 recoverLatestValidated", "1GiB wall time", format("%.2f s", seconds), "", "",
                        "< " + GIB_RECOVERY_MAX_SECONDS + " s",
                        seconds < GIB_RECOVERY_MAX_SECONDS ? Verdict.MET : Verdict.MISSED));
            }
        }
    }

    private void retained() {
        List<String> counts = paramValues("RetainedRecoveryBenchmark.store_recoverLatestValidated", "retained");
        if (counts.size() < 2) {
            return;
        }
        String low = counts.get(0);
        String high = counts.get(counts.size() - 1);
        Optional<Measured> recLow = find("RetainedRecoveryBenchmark.store_recoverLatestValidated", "retained", low);
        Optional<Measured> recHigh = find("RetainedRecoveryBenchmark.store_recoverLatestValidated", "retained", high);
        Optional<Measured> listLow = find("RetainedRecoveryBenchmark.store_listIds", "retained", low);
        Optional<Measured> listHigh = find("RetainedRecoveryBenchmark.store_listIds", "retained", high);
        if (recLow.isEmpty() || recHigh.isEmpty() || listLow.isEmpty() || listHigh.isEmpty()) {
            return;
        }
        double span = Integer.parseInt(high) - Integer.parseInt(low);
        double recSlope = (recHigh.get().seconds() - recLow.get().seconds()) * 1e9 / span;
        double listSlope = (listHigh.get().seconds() - listLow.get().seconds()) * 1e9 / span;
        double noise = (errorSeconds(recHigh.get()) + errorSeconds(recLow.get()) + errorSeconds(listHigh.get())
                + errorSeconds(listLow.get())) * 1e9 / span;
        double excess = recSlope - listSlope;
        boolean met = excess <= Math.max(noise, 0.1 * Math.abs(listSlope));
        rows.add(new Row("4 recover, " + high + " retained", "ns per retained checkpoint (" + low + " -> " + high + ")",
                format("%.0f ns", recSlope), format("%.0f ns (listIds)", listSlope),
                format("%+.0f ns beyond listing (noise %.0f)", excess, noise), "no growth beyond listIds",
                met ? Verdict.MET : Verdict.MISSED));
    }

    private void coordinatorStall() {
        for (String size : paramValues("CoordinatorStallBenchmark.coordinator_checkpoint", "size")) {
            Optional<Measured> checkpoint = find("CoordinatorStallBenchmark.coordinator_checkpoint", "size", size);
            Optional<Measured> base = find("CoordinatorStallBenchmark.baseline_saveWithState", "size", size);
            if (checkpoint.isEmpty() || base.isEmpty()) {
                continue;
            }
            Double stallNanos = checkpoint.get().counters().get("stallNanos");
            Double checkpoints = checkpoint.get().counters().get("checkpoints");
            if (stallNanos != null && checkpoints != null && checkpoints > 0) {
                double stall = stallNanos / checkpoints / 1e9;
                double ratio = stall / base.get().seconds();
                rows.add(new Row("6 coordinator stall", size + " in 8 parts, listener held", seconds(stall),
                        time(base.get()) + " (saveWithState)", times(ratio), "<= " + STALL_MAX_RATIO + "x",
                        ratio <= STALL_MAX_RATIO ? Verdict.MET : Verdict.MISSED));
            }
            rows.add(new Row("6 coordinator checkpoint", size + ", cut + save + commit + Committed update",
                    time(checkpoint.get()), time(base.get()) + " (saveWithState)",
                    times(checkpoint.get().seconds() / base.get().seconds()), "reported", Verdict.INFO));
        }
    }

    private void s3() {
        List<Measured> s3 = results.stream().filter(m -> m.benchmark().startsWith("S3Benchmark.store_")).toList();
        for (Measured store : s3) {
            String op = store.benchmark().substring("S3Benchmark.store_".length());
            Optional<Measured> base = results.stream()
                    .filter(m -> m.benchmark().equals("S3Benchmark.baseline_" + op)).findFirst();
            Double requests = requestsPerOp(store);
            OptionalDouble budgetOf = S3RequestBudgets.of(op);
            Double budget = budgetOf.isPresent() ? budgetOf.getAsDouble() : null;
            String baseline = base.map(b -> time(b) + ", " + requestsText(requestsPerOp(b))).orElse("");
            String ratio = base.map(b -> times(store.seconds() / b.seconds())).orElse("");
            Verdict verdict = requests == null || budget == null ? Verdict.INFO
                    : requests <= budget + 1e-9 ? Verdict.MET : Verdict.MISSED;
            rows.add(new Row("5 S3 " + op, "requests per op", time(store) + ", " + requestsText(requests), baseline,
                    ratio, budget == null ? "reported" : format("<= %.0f requests", budget), verdict));
        }
    }

    private void fsyncs() {
        StraceFsyncCounter.SyncCount save = syncs.get(FsyncProbe.Operation.SAVE.cliName());
        StraceFsyncCounter.SyncCount publish = syncs.get(FsyncProbe.Operation.HAND_DONE_PUBLISH.cliName());
        if (save != null && publish != null) {
            rows.add(new Row("1 save fsyncs", FsyncProbe.SHAPE + ", per save", syncText(save), syncText(publish),
                    format("%+.2f", save.total() - publish.total()), "reported", Verdict.INFO));
            StraceFsyncCounter.SyncCount strict = syncs.get(FsyncProbe.Operation.HAND_DONE_PUBLISH_STRICT.cliName());
            if (strict != null) {
                rows.add(new Row("1 save fsyncs", FsyncProbe.SHAPE + ", vs 5-fsync publish", syncText(save),
                        syncText(strict), format("%+.2f", save.total() - strict.total()), "reported", Verdict.INFO));
            }
        }
        StraceFsyncCounter.SyncCount withState = syncs.get(FsyncProbe.Operation.SAVE_WITH_STATE.cliName());
        StraceFsyncCounter.SyncCount raw = syncs.get(FsyncProbe.Operation.GATHER_WRITE.cliName());
        if (withState != null && raw != null) {
            rows.add(new Row("2 saveWithState fsyncs", "1MiB, per save", syncText(withState), syncText(raw), "",
                    "reported", Verdict.INFO));
        }
        StraceFsyncCounter.SyncCount published = syncs.get(FsyncProbe.Operation.HAND_DONE_PUBLISH_WITH_STATE.cliName());
        if (withState != null && published != null) {
            rows.add(new Row("2 saveWithState fsyncs", "1MiB, vs hand-done publish", syncText(withState),
                    syncText(published), format("%+.2f", withState.total() - published.total()), "reported",
                    Verdict.INFO));
        }
    }

    private static String syncText(StraceFsyncCounter.SyncCount count) {
        return format("%.2f (%.2f file + %.2f dir)", count.total(), count.files(), count.directories());
    }

    private static @Nullable Double requestsPerOp(Measured m) {
        Double requests = m.counters().get("s3Requests");
        Double calls = m.counters().get("s3Calls");
        return requests == null || calls == null || calls == 0 ? null : requests / calls;
    }

    private static String requestsText(@Nullable Double requests) {
        return requests == null ? "requests not counted" : format("%.2f requests", requests);
    }

    private List<String> paramValues(String benchmark, String key) {
        List<String> values = new ArrayList<>();
        for (Measured m : results) {
            String value = m.params().get(key);
            if (m.benchmark().equals(benchmark) && value != null && !values.contains(value)) {
                values.add(value);
            }
        }
        if (key.equals("retained")) {
            values.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        }
        return values;
    }

    private Optional<Measured> find(String benchmark, String key, String value) {
        return results.stream().filter(m -> m.is(benchmark, key, value)).findFirst();
    }

    private static double errorSeconds(Measured m) {
        return Double.isNaN(m.error()) ? 0 : m.seconds() * m.error() / m.score();
    }

    private static String time(Measured m) {
        return seconds(m.seconds());
    }

    private static String seconds(double s) {
        if (s >= 1) {
            return format("%.2f s", s);
        }
        if (s >= 1e-3) {
            return format("%.2f ms", s * 1e3);
        }
        return format("%.1f us", s * 1e6);
    }

    private static String throughput(long bytes, Measured m) {
        double mibPerSecond = bytes / MIB / m.seconds();
        return format("%s (%.0f MiB/s)", time(m), mibPerSecond);
    }

    private static String times(double ratio) {
        return format("%.2fx", ratio);
    }

    private static String fraction(double ratio) {
        return format("%.2f", ratio);
    }

    private static String bytes(double b) {
        if (Math.abs(b) >= MIB) {
            return format("%.1f MiB", b / MIB);
        }
        if (Math.abs(b) >= 1024) {
            return format("%.1f KiB", b / 1024);
        }
        return format("%.0f B", b);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
