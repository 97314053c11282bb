package dev.checkpointstore.benchmarks;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A diagnostic for the 1 MiB {@code saveWithState} target: how much the hand-done publish with a
 * sidecar slows down when another thread uses a core while it runs, with no work added to the
 * publishing thread. Three variants, called in turn in one JVM: the publish alone; with a thread
 * spinning for as long as the sidecar's SHA-256 takes; and with that thread computing the SHA-256.
 * On a machine whose I/O path needs the second core (a two-vCPU guest whose virtual disk is served
 * by the host), the second and third are slower, and no save that stamps the checksum the format
 * requires can match the publish whose checksum was computed beforehand.
 *
 * <p>Usage: {@code CpuInterference [rounds]}, default 300.
 */
public final class CpuInterference {

    private static volatile long sink;

    private CpuInterference() {
    }

    /**
     * Runs the comparison and prints the medians.
     * @param args optional number of rounds
     * @throws Exception when a publish fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        SaveWithStateBenchmark b = new SaveWithStateBenchmark();
        b.size = "1MiB";
        b.chunks = 8;
        b.setUp();
        ExecutorService helper = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "interference");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<ByteBuffer> state = StateData.heapChunks(StateData.parseSize(b.size), b.chunks, XorShift64.DEFAULT_SEED);
            Runnable hash = () -> sink = sha256(state)[0];
            long hashNanos = hashNanos(hash);
            Runnable spin = () -> {
                long end = System.nanoTime() + hashNanos;
                long n = 0;
                while (System.nanoTime() < end) {
                    n++;
                }
                sink = n;
            };
            Runnable[] beside = { null, spin, hash };
            long[][] times = new long[beside.length][rounds];
            for (int i = -rounds / 3; i < rounds; i++) {
                for (int k = 0; k < beside.length; k++) {
                    long start = System.nanoTime();
                    Future<?> other = beside[k] == null ? null : helper.submit(beside[k]);
                    b.baseline_handDonePublishWithState();
                    if (other != null) {
                        other.get();
                    }
                    if (i >= 0) {
                        times[k][i] = System.nanoTime() - start;
                    }
                }
                if ((i & 31) == 31) {
                    b.trim();
                }
            }
            double alone = median(times[0]);
            System.out.printf(Locale.ROOT, "SHA-256 of the 1 MiB sidecar alone: %.0f us%n", hashNanos / 1e3);
            System.out.printf(Locale.ROOT, "hand-done publish alone:                         %8.0f us%n", alone);
            System.out.printf(Locale.ROOT, "  with a thread spinning that long beside it:     %8.0f us (+%.0f)%n", median(times[1]),
                    median(times[1]) - alone);
            System.out.printf(Locale.ROOT, "  with a thread hashing the sidecar beside it:    %8.0f us (+%.0f)%n", median(times[2]),
                    median(times[2]) - alone);
        }
        finally {
            helper.shutdownNow();
            b.tearDown();
        }
    }

    private static long hashNanos(Runnable hash) {
        for (int i = 0; i < 200; i++) {
            hash.run();
        }
        long[] t = new long[100];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            hash.run();
            t[i] = System.nanoTime() - start;
        }
        return Math.round(median(t) * 1e3);
    }

    private static byte[] sha256(List<ByteBuffer> chunks) {
        MessageDigest digest = RawIo.sha256();
        for (ByteBuffer chunk : chunks) {
            digest.update(chunk.duplicate());
        }
        return digest.digest();
    }

    /** The median in microseconds. */
    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e3;
    }
}
