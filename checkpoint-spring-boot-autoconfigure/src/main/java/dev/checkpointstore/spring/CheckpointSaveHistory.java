package dev.checkpointstore.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;


/**
 * What the saves of a store did since the application started, as Flink's checkpoint statistics
 * report it: how many succeeded and failed, the latest of each, percentiles of size and duration
 * over the recent successful saves, and the recent attempts, failures with their reason. A store
 * that times its saves records them here (the metered store of the auto-configuration does); the
 * {@code checkpoints} endpoint reads a {@link #snapshot()}. Thread-safe; memory is bounded by the two window sizes.
 */
public final class CheckpointSaveHistory {

    /** How many recent attempts {@link Snapshot#recent()} keeps by default. */
    public static final int DEFAULT_RECENT = 10;

    /** How many recent successful saves the percentiles cover by default. */
    public static final int DEFAULT_STATISTICS_WINDOW = 100;

    /** The longest failure reason kept, in characters. */
    static final int MAX_REASON_LENGTH = 1000;

    private final int recentSize;
    private final int windowSize;
    private final Deque<SaveAttempt> recent;
    private final Deque<SaveAttempt> window;
    private long succeeded;
    private long failed;
    private @Nullable SaveAttempt latestSucceeded;
    private @Nullable SaveAttempt latestFailed;

    /** Creates a history with the default window sizes. */
    public CheckpointSaveHistory() {
        this(DEFAULT_RECENT, DEFAULT_STATISTICS_WINDOW);
    }

    /**
     * Creates a history.
     * @param recentSize how many recent attempts to keep, at least 1
     * @param windowSize how many recent successful saves the percentiles cover, at least 1
     */
    public CheckpointSaveHistory(int recentSize, int windowSize) {
        if (recentSize < 1 || windowSize < 1) {
            throw new IllegalArgumentException("window sizes must be at least 1, were " + recentSize + " and "
                    + windowSize);
        }
        this.recentSize = recentSize;
        this.windowSize = windowSize;
        this.recent = new ArrayDeque<>(recentSize);
        this.window = new ArrayDeque<>(windowSize);
    }

    /**
     * Records a successful save.
     * @param checkpointId the checkpoint saved
     * @param startedAt when the save started
     * @param duration how long it took
     * @param stateBytes the bytes of sidecar state it wrote, 0 for none
     */
    public void succeeded(long checkpointId, Instant startedAt, Duration duration, long stateBytes) {
        SaveAttempt attempt = new SaveAttempt(OptionalLong.of(checkpointId), startedAt, duration, stateBytes, null);
        synchronized (this) {
            succeeded++;
            latestSucceeded = attempt;
            push(recent, attempt, recentSize);
            push(window, attempt, windowSize);
        }
    }

    /**
     * Records a failed save.
     * @param checkpointId the checkpoint it tried to save, empty when the manifest was missing
     * @param startedAt when the save started
     * @param duration how long it took to fail
     * @param stateBytes the bytes of sidecar state it was given, 0 for none
     * @param failure why it failed
     */
    public void failed(OptionalLong checkpointId, Instant startedAt, Duration duration, long stateBytes,
            Throwable failure) {
        SaveAttempt attempt = new SaveAttempt(checkpointId, startedAt, duration, stateBytes, reason(failure));
        synchronized (this) {
            failed++;
            latestFailed = attempt;
            push(recent, attempt, recentSize);
        }
    }

    /**
     * What the history holds now.
     * @return a consistent copy
     */
    public Snapshot snapshot() {
        synchronized (this) {
            List<SaveAttempt> recentCopy = new ArrayList<>(recent);
            long[] sizes = new long[window.size()];
            long[] durations = new long[window.size()];
            int i = 0;
            for (SaveAttempt attempt : window) {
                sizes[i] = attempt.stateBytes();
                durations[i] = attempt.duration().toNanos();
                i++;
            }
            return new Snapshot(succeeded, failed, latestSucceeded, latestFailed, Statistics.of(sizes),
                    Statistics.of(durations), reversed(recentCopy));
        }
    }

    private static void push(Deque<SaveAttempt> deque, SaveAttempt attempt, int limit) {
        if (deque.size() == limit) {
            deque.removeFirst();
        }
        deque.addLast(attempt);
    }

    private static List<SaveAttempt> reversed(List<SaveAttempt> oldestFirst) {
        List<SaveAttempt> newestFirst = new ArrayList<>(oldestFirst.size());
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            newestFirst.add(oldestFirst.get(i));
        }
        return List.copyOf(newestFirst);
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        String reason = failure.getClass().getName() + (message == null ? "" : ": " + message);
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
    }

    /**
     * One save attempt.
     * @param checkpointId the checkpoint it saved or tried to save, empty when it had no manifest
     * @param startedAt when it started
     * @param duration how long it took
     * @param stateBytes the bytes of sidecar state it wrote (or was given, when it failed)
     * @param failure why it failed (the exception's class and message), null when it succeeded
     */
    public record SaveAttempt(OptionalLong checkpointId, Instant startedAt, Duration duration, long stateBytes,
            @Nullable String failure) {

        /** Creates an attempt. */
        public SaveAttempt {
            Objects.requireNonNull(checkpointId, "checkpointId");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
        }

        /**
         * Whether the save succeeded.
         * @return true when it has no failure
         */
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * Nearest-rank percentiles of a set of values.
     * @param count how many values they cover; the others are 0 when it is 0
     * @param p50 the median
     * @param p99 the 99th percentile
     * @param max the largest value
     */
    public record Statistics(int count, long p50, long p99, long max) {

        static Statistics of(long[] values) {
            if (values.length == 0) {
                return new Statistics(0, 0, 0, 0);
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Statistics(sorted.length, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1]);
        }

        private static long rank(long[] sorted, int percentile) {
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(rank, 1) - 1];
        }
    }

    /**
     * A consistent view of the history.
     * @param succeeded saves that succeeded since the start
     * @param failed saves that failed since the start
     * @param latestSucceeded the latest successful save, null before the first
     * @param latestFailed the latest failed save, null before the first
     * @param stateBytes percentiles of the sidecar bytes of the recent successful saves
     * @param durationNanos percentiles of the durations, in nanoseconds, of the recent successful saves
     * @param recent the recent attempts, newest first
     */
    public record Snapshot(long succeeded, long failed, @Nullable SaveAttempt latestSucceeded,
            @Nullable SaveAttempt latestFailed, Statistics stateBytes, Statistics durationNanos,
            List<SaveAttempt> recent) {
    }
}
