package dev.checkpointstore.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the HTTP requests an {@code S3Client} sends, retries included: one per transmission.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final AtomicLong requests = new AtomicLong();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        requests.incrementAndGet();
    }

    /** @return requests sent since creation or the last {@link #reset()} */
    public long requests() {
        return requests.get();
    }

    /** Starts counting from zero. */
    public void reset() {
        requests.set(0);
    }
}
