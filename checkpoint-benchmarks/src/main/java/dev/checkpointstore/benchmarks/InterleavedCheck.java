package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.checkpointstore.test.Directories;

/**
 * A diagnostic for loaded machines, outside JMH: runs a store operation and its baseline
 * alternately, one call each, in one JVM, and reports the median of each and their ratio. Load
 * that drifts during a run shifts both sides alike, where separate JMH forks minutes apart can
 * be skewed by it. The figures of record stay the JMH ones; this tells real overhead from drift.
 *
 * <p>Usage: {@code InterleavedCheck [rounds-scale]}, default 1.0.
 */
public final class InterleavedCheck {

    private InterleavedCheck() {
    }

    /** One operation to time. */
    @FunctionalInterface
    interface Op {
        /**
         * Runs it once.
         * @return anything, kept alive
         * @throws Exception when it fails
         */
        Object run() throws Exception;
    }

    /**
     * Runs the checks.
     * @param args optional scale of the number of rounds
     * @throws Exception when an operation fails
     */
    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        System.out.printf(Locale.ROOT, "%-44s %12s %12s %8s%n", "pair (median of alternating calls)", "store", "baseline",
                "ratio");
        for (String shape : List.of("2x2", "10x10", "50x20")) {
            SaveBenchmark b = new SaveBenchmark();
            b.shape = shape;
            b.setUp();
            try {
                report("save " + shape + " vs 5-fsync publish", rounds(300, scale), b::trim, () -> {
                    b.store_save();
                    return null;
                }, () -> {
                    b.baseline_handDonePublishStrict();
                    return null;
                }, false);
                report("save " + shape + " (store/baseline)", rounds(300, scale), b::trim, () -> {
                    b.store_save();
                    return null;
                }, () -> {
                    b.baseline_handDonePublish();
                    return null;
                }, false);
            }
            finally {
                b.tearDown();
            }
        }
        for (String size : List.of("1MiB", "10MiB", "100MiB")) {
            SaveWithStateBenchmark b = new SaveWithStateBenchmark();
            b.size = size;
            b.chunks = 8;
            b.setUp();
            try {
                int n = size.equals("100MiB") ? 10 : size.equals("10MiB") ? 40 : 100;
                report("saveWithState " + size + " (baseline/store)", rounds(n, scale), b::trim, () -> {
                    b.store_saveWithState();
                    return null;
                }, b::baseline_gatherWriteAndForce, true);
            }
            finally {
                b.tearDown();
            }
        }
        for (String size : List.of("1KiB", "100MiB")) {
            RecoveryBenchmark b = new RecoveryBenchmark();
            b.size = size;
            b.setUp();
            try {
                int n = size.equals("100MiB") ? 20 : 2000;
                report("loadLatest+loadStateData " + size + " vs read+SHA", rounds(n, scale), () -> { },
                        b::store_loadLatestAndState, b::baseline_readSha256, true);
                report("loadLatest+loadStateData " + size + " vs plain read", rounds(n, scale), () -> { },
                        b::store_loadLatestAndState, b::baseline_readFiles, true);
            }
            finally {
                b.tearDown();
            }
        }
        ValidatedRecoveryBenchmark v = new ValidatedRecoveryBenchmark();
        v.size = "100MiB";
        v.setUp();
        report("recoverLatestValidated 100MiB vs read+SHA", rounds(20, scale), () -> { },
                v::store_recoverLatestValidated, v::baseline_readSha256, true);
        Directories.deleteTree(BenchDirs.root());
    }

    private static int rounds(int n, double scale) {
        return Math.max(3, (int) Math.round(n * scale));
    }

    /**
     * Times {@code rounds} alternating calls after a warmup of a quarter as many, and prints the
     * medians and their ratio: store over baseline for latency targets, baseline over store for
     * throughput targets.
     */
    private static void report(String name, int rounds, Trim trim, Op store, Op baseline, boolean throughput)
            throws Exception {
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < Math.max(2, rounds / 4); i++) {
            keep.add(store.run());
            keep.add(baseline.run());
        }
        long[] s = new long[rounds];
        long[] b = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            boolean storeFirst = i % 2 == 0;
            if (storeFirst) {
                s[i] = time(store, keep);
                b[i] = time(baseline, keep);
            }
            else {
                b[i] = time(baseline, keep);
                s[i] = time(store, keep);
            }
            if (i % 50 == 49) {
                trim.run();
            }
        }
        trim.run();
        double ms = median(s) / 1e6;
        double mb = median(b) / 1e6;
        System.out.printf(Locale.ROOT, "%-44s %9.3f ms %9.3f ms %8.2f%n", name, ms, mb, throughput ? mb / ms : ms / mb);
        keep.clear();
    }

    private static long time(Op op, List<Object> keep) throws Exception {
        long start = System.nanoTime();
        Object result = op.run();
        long elapsed = System.nanoTime() - start;
        if (keep.size() < 4) {
            keep.add(result);
        }
        return elapsed;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Cleans up between rounds. */
    @FunctionalInterface
    interface Trim {
        /** @throws IOException when cleaning fails */
        void run() throws IOException;
    }
}
