package dev.checkpointstore.core.s3;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;

/**
 * Runs the parts of one sidecar transfer (the parts of a multipart upload, the ranges of a
 * download) on an executor, at most {@code concurrency} of them at a time, so that a transfer's
 * connections and buffers stay bounded however large the sidecar. With a concurrency of 1 the parts
 * run one after another on the caller's thread.
 *
 * <p>When a part fails, no further part starts, the parts still running are interrupted, and
 * {@link #runAll} returns only after every part it started has ended: a multipart upload is
 * aborted after its last part request, never while one is in flight (S3 may keep a part that
 * arrives after the abort).
 */
final class PartTransfers {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Executor executor;
    private final int concurrency;

    /**
     * @param executor runs the parts; it should have at least {@code concurrency} threads
     * @param concurrency how many parts of one transfer run at once, at least 1
     */
    PartTransfers(Executor executor, int concurrency) {
        this.executor = executor;
        this.concurrency = concurrency;
    }

    /**
     * A pool of daemon threads for one store: {@code threads} at most, each ending after 30 seconds
     * without work, so a store that is dropped leaves no thread behind and needs no close.
     * @param threads the most threads
     * @return the pool
     */
    static ExecutorService daemonPool(int threads) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "checkpoint-s3-transfer-" + pool + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    Executor executor() {
        return executor;
    }

    int concurrency() {
        return concurrency;
    }

    /**
     * Runs parts {@code 0..count-1}, at most {@link #concurrency()} at once.
     * @param count how many parts
     * @param part runs one part, given its index; must be safe to run on several threads at once
     * @return the parts' results, by index
     * @throws RuntimeException the first part's failure as it threw it (an {@link Error} as itself),
     *     after every started part has ended
     */
    <T> List<T> runAll(int count, IntFunction<T> part) {
        if (concurrency == 1 || count <= 1) {
            List<T> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                results.add(part.apply(i));
            }
            return results;
        }
        return new Run<>(count, part).execute();
    }

    /** One {@link #runAll}: its parts, the threads running them, the outcomes as they end. */
    private final class Run<T> {

        private final int count;
        private final IntFunction<T> part;
        private final List<@Nullable T> results;
        private final @Nullable Thread[] runners;
        private final BlockingQueue<Outcome> ended = new LinkedBlockingQueue<>();
        private volatile boolean stopped;

        /** How one part ended: its result, or its failure. */
        private record Outcome(int index, @Nullable Object result, @Nullable Throwable failure) {
        }

        Run(int count, IntFunction<T> part) {
            this.count = count;
            this.part = part;
            this.results = new ArrayList<>(Collections.nCopies(count, null));
            this.runners = new Thread[count];
        }

        @SuppressWarnings("unchecked")
        List<T> execute() {
            Throwable failure = null;
            boolean interrupted = false;
            int next = 0;
            int running = 0;
            while (true) {
                while (failure == null && next < count && running < concurrency) {
                    int index = next++;
                    try {
                        executor.execute(() -> runPart(index));
                        running++;
                    }
                    catch (RejectedExecutionException ex) {
                        failure = new CheckpointBackendException("the S3 transfer executor refused part " + (index + 1)
                                + " of " + count + ": " + ex.getMessage(), ex);
                        stop();
                    }
                }
                if (running == 0) {
                    break;
                }
                Outcome outcome;
                try {
                    outcome = ended.take();
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                    if (failure == null) {
                        failure = new CheckpointBackendException("interrupted during an S3 transfer", ex);
                        stop();
                    }
                    continue;
                }
                running--;
                if (outcome.failure() != null) {
                    if (failure == null) {
                        failure = outcome.failure();
                        stop();
                    }
                }
                else {
                    results.set(outcome.index(), (T) outcome.result());
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new CheckpointBackendException("an S3 transfer part failed: " + failure, failure);
            }
            return (List<T>) results;
        }

        private void runPart(int index) {
            Object result = null;
            Throwable failure = null;
            synchronized (runners) {
                runners[index] = Thread.currentThread();
            }
            try {
                if (stopped) {
                    failure = new CheckpointBackendException("part " + (index + 1) + " not started: another part failed");
                }
                else {
                    result = part.apply(index);
                }
            }
            catch (Throwable ex) {
                failure = ex;
            }
            finally {
                synchronized (runners) {
                    runners[index] = null;
                }
                // an interrupt meant for this part must not reach the executor's next task
                Thread.interrupted();
                ended.add(new Outcome(index, result, failure));
            }
        }

        /** Starts no further part and interrupts the running ones. */
        private void stop() {
            stopped = true;
            synchronized (runners) {
                for (Thread runner : runners) {
                    if (runner != null) {
                        runner.interrupt();
                    }
                }
            }
        }
    }
}
