package dev.checkpointstore.spring.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.checkpointstore.core.s3.S3RequestListener;

/**
 * Counts the HTTP requests an S3 checkpoint store sends, retries included, as
 * {@code checkpoint.s3.requests} tagged {@code operation} ({@code PutObject}, {@code GetObject},
 * {@code HeadObject}, {@code ListObjectsV2}, {@code DeleteObjects}, the multipart operations): the
 * request cost of checkpointing, which S3 bills. Only the store's own requests are counted.
 */
public final class S3RequestMetrics implements S3RequestListener {

    /** The counter's name. */
    public static final String REQUESTS = "checkpoint.s3.requests";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * Creates the counters, one per operation as it is first seen.
     * @param registry where they live
     */
    public S3RequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onRequest(String operation) {
        counters.computeIfAbsent(operation, op -> Counter.builder(REQUESTS)
                .description("HTTP requests sent by the S3 checkpoint store, retries included")
                .tag("operation", op)
                .register(registry)).increment();
    }
}
