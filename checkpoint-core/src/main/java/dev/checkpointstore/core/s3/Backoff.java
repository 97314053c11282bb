package dev.checkpointstore.core.s3;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.checkpointstore.core.CheckpointBackendException;

/**
 * Retries idempotent requests on transient failures ({@link S3Failures.Kind#TRANSIENT}) with
 * exponential backoff and full jitter: before attempt {@code n + 1} it sleeps a random time in
 * {@code [0, min(cap, base * 2^n))}.
 */
final class Backoff {

    private final int maxAttempts;
    private final long baseNanos;
    private final long capNanos;

    Backoff(int maxAttempts, Duration base, Duration cap) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive, was " + maxAttempts);
        }
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= cap, were " + base + " and " + cap);
        }
        this.maxAttempts = maxAttempts;
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Runs a request until it succeeds, fails with anything but a transient failure, or has used
     * every attempt.
     * @param request the idempotent request
     * @return its result
     * @throws RuntimeException the last failure, as thrown by the request
     */
    <T> T call(Supplier<T> request) {
        for (int attempt = 1;; attempt++) {
            try {
                return request.get();
            }
            catch (RuntimeException ex) {
                if (attempt >= maxAttempts || S3Failures.kind(ex) != S3Failures.Kind.TRANSIENT) {
                    throw ex;
                }
                pause(attempt);
            }
        }
    }

    /**
     * Sleeps before the attempt after {@code attempt}.
     * @param attempt the attempt that just failed, from 1
     * @throws CheckpointBackendException when interrupted; the interrupt flag stays set
     */
    void pause(int attempt) {
        long ceiling = Math.min(capNanos, baseNanos << Math.min(attempt - 1, 20));
        if (ceiling <= 0) {
            return;
        }
        long nanos = ThreadLocalRandom.current().nextLong(ceiling);
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CheckpointBackendException("interrupted while waiting to retry an S3 request", ex);
        }
    }
}
