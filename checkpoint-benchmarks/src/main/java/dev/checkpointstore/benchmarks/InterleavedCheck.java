package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.ManifestCodec;

import dev.checkpointstore.test.Directories;

/**
 * A diagnostic for loaded machines, outside JMH: runs a store operation and its baseline
 * alternately, one call each, in one JVM, and reports the median of each and their ratio. Load
 * that drifts during a run shifts both sides alike, where separate JMH forks minutes apart can
 * be skewed by it. The figures of record stay the JMH ones; this tells real overhead from drift.
 *
 * <p>Usage: {@code InterleavedCheck [rounds-scale] [--small]}: the scale of the number of rounds,
 * default 1.0; {@code --small} runs only the small-operation targets (a 1 KiB load against a plain
 * read, a 1 MiB {@code saveWithState} against the hand-done publish with the same fsyncs that stamps
 * the sidecar's checksum as every save must, hashing it on a second thread during the write, and
 * the
 * allocation per {@code save}), which a full run prints first.
 *
 * <p>Next to the ratio of wall-time medians, the column {@code cpu} gives the ratio of the medians
 * of the calling thread's CPU time (user and system), which time spent waiting for a core does not
 * inflate: on a loaded machine it tells what each side costs in work, where the wall times mostly
 * tell how often each was preempted. The verdicts judge the wall-time ratio.
 */
public final class InterleavedCheck {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
     * @param args optional scale of the number of rounds, optional {@code --small}
     * @throws Exception when an operation fails
     */
    public static void main(String[] args) throws Exception {
        double scale = 1.0;
        boolean smallOnly = false;
        for (String arg : args) {
            if (arg.equals("--small")) {
                smallOnly = true;
            }
            else {
                scale = Double.parseDouble(arg);
            }
        }
        System.out.printf(Locale.ROOT, "%-52s %12s %12s %8s %8s  %s%n", "pair (median of alternating calls)", "store",
                "baseline", "ratio", "cpu", "target");
        smallOperations(scale);
        if (smallOnly) {
            Directories.deleteTree(BenchDirs.root());
            return;
        }
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

    /**
     * The small-operation targets, each printed with its verdict, and, reported without one, the
     * 1 MiB {@code saveWithState} against the hand-done publish whose checksum was computed in setup,
     * which no save can skip.
     */
    private static void smallOperations(double scale) throws Exception {
        RecoveryBenchmark load = new RecoveryBenchmark();
        load.size = "1KiB";
        load.setUp();
        try {
            report("loadLatest+loadStateData 1KiB vs plain read", rounds(4000, scale), () -> { },
                    load::store_loadLatestAndState, load::baseline_readFiles, true,
                    new Target(">= " + Summary.SMALL_LOAD_MIN_RATIO, r -> r >= Summary.SMALL_LOAD_MIN_RATIO));
        }
        finally {
            load.tearDown();
        }
        SaveWithStateBenchmark save = new SaveWithStateBenchmark();
        save.size = "1MiB";
        save.chunks = 8;
        save.setUp();
        try {
            report("saveWithState 1MiB vs publish, checksum precomputed", rounds(200, scale), save::trim, () -> {
                save.store_saveWithState();
                return null;
            }, () -> {
                save.baseline_handDonePublishWithState();
                return null;
            }, true);
            report("saveWithState 1MiB vs publish stamping the checksum", rounds(200, scale), save::trim, () -> {
                save.store_saveWithState();
                return null;
            }, () -> {
                save.baseline_handDonePublishWithHashedState();
                return null;
            }, true, new Target(">= " + Summary.PUBLISH_MIN_RATIO, r -> r >= Summary.PUBLISH_MIN_RATIO));
        }
        finally {
            save.tearDown();
        }
        for (String shape : List.of("2x2", "10x10", "50x20")) {
            SaveBenchmark b = new SaveBenchmark();
            b.shape = shape;
            b.setUp();
            try {
                int manifest = ManifestCodec.encode(RealisticManifests.parse(shape).manifest(1)).length;
                long own = ownAllocation(rounds(200, scale), b);
                double ratio = (double) own / manifest;
                System.out.printf(Locale.ROOT, "%-52s %9d B  %9d B %8.2f %8s", "save " + shape + " allocation / manifest size",
                        own, manifest, ratio, "");
                verdict("<= " + Summary.SAVE_ALLOC_MAX_RATIO + "x", ratio <= Summary.SAVE_ALLOC_MAX_RATIO);
            }
            finally {
                b.tearDown();
            }
        }
    }

    /**
     * The bytes one {@code save} allocates on the calling thread, the store's own: the median over
     * alternating calls of {@code store_save} less the median of building the same manifest.
     */
    private static long ownAllocation(int rounds, SaveBenchmark b) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] save = new long[rounds];
        long[] build = new long[rounds];
        Object keep = null;
        for (int i = -Math.max(2, rounds / 4); i < rounds; i++) {
            long start = threads.getCurrentThreadAllocatedBytes();
            b.store_save();
            long saved = threads.getCurrentThreadAllocatedBytes();
            keep = b.harness_buildManifest();
            long built = threads.getCurrentThreadAllocatedBytes();
            if (i >= 0) {
                save[i] = saved - start;
                build[i] = built - saved;
            }
            if (i % 50 == 49) {
                b.trim();
            }
        }
        b.trim();
        if (keep == null) {
            throw new IllegalStateException("no manifest built");
        }
        return Math.round(median(save) - median(build));
    }

    private static void verdict(String target, boolean met) {
        System.out.printf(Locale.ROOT, "  %-8s %s%n", target, met ? "met" : "MISSED");
    }

    /** The least warmup of each pair, long enough for the JIT to compile both sides' paths. */
    private static final Duration WARMUP = Duration.ofSeconds(3);

    private static int rounds(int n, double scale) {
        return Math.max(3, (int) Math.round(n * scale));
    }

    /**
     * Times {@code rounds} alternating calls after a warmup of a quarter as many and at least
     * {@link #WARMUP} (as JMH warms up: a call timed before the JIT compiled its path measures the
     * interpreter), and prints the
     * medians and their ratio: store over baseline for latency targets, baseline over store for
     * throughput targets.
     * @return the ratio printed
     */
    private static double report(String name, int rounds, Trim trim, Op store, Op baseline, boolean throughput)
            throws Exception {
        return report(name, rounds, trim, store, baseline, throughput, null);
    }

    /** A target on a ratio: its text and whether a ratio meets it. */
    private record Target(String text, DoublePredicate met) {
    }

    /**
     * As {@link #report(String, int, Trim, Op, Op, boolean)}, and prints whether the ratio meets
     * {@code target} when there is one.
     */
    private static double report(String name, int rounds, Trim trim, Op store, Op baseline, boolean throughput,
            @Nullable Target target) throws Exception {
        List<Object> keep = new ArrayList<>();
        long warmupEnd = System.nanoTime() + WARMUP.toNanos();
        for (int i = 0; i < Math.max(2, rounds / 4) || System.nanoTime() < warmupEnd; i++) {
            Object kept = store.run();
            Object kept2 = baseline.run();
            if (keep.size() < 4) {
                keep.add(kept);
                keep.add(kept2);
            }
            if (i % 50 == 49) {
                trim.run();
            }
        }
        trim.run();
        long[] s = new long[rounds];
        long[] b = new long[rounds];
        long[] sCpu = new long[rounds];
        long[] bCpu = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            boolean storeFirst = i % 2 == 0;
            if (storeFirst) {
                s[i] = time(store, keep, sCpu, i);
                b[i] = time(baseline, keep, bCpu, i);
            }
            else {
                b[i] = time(baseline, keep, bCpu, i);
                s[i] = time(store, keep, sCpu, i);
            }
            if (i % 50 == 49) {
                trim.run();
            }
        }
        trim.run();
        double ms = median(s) / 1e6;
        double mb = median(b) / 1e6;
        double ratio = throughput ? mb / ms : ms / mb;
        double cpuRatio = throughput ? median(bCpu) / median(sCpu) : median(sCpu) / median(bCpu);
        System.out.printf(Locale.ROOT, "%-52s %9.3f ms %9.3f ms %8.2f %8.2f", name, ms, mb, ratio, cpuRatio);
        if (target != null) {
            verdict(target.text(), target.met().test(ratio));
        }
        else {
            System.out.println();
        }
        keep.clear();
        return ratio;
    }

    /** Runs an operation once; returns its wall time and records the thread's CPU time in {@code cpu[i]}. */
    private static long time(Op op, List<Object> keep, long[] cpu, int i) throws Exception {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Object result = op.run();
        long elapsed = System.nanoTime() - start;
        cpu[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
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
