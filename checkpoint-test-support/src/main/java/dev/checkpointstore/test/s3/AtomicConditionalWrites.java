package dev.checkpointstore.test.s3;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Makes S3Mock's conditional writes atomic among the clients of this JVM. S3Mock 4.12 checks
 * {@code If-Match} / {@code If-None-Match} and then writes, without a lock, so two concurrent
 * conditional PUTs of one key can both succeed, where S3 lets exactly one through. This
 * interceptor holds a per-key lock from sending a conditional write until its response (or
 * failure), which gives S3's semantics back. It changes nothing for unconditional requests.
 */
public final class AtomicConditionalWrites implements ExecutionInterceptor {

    /** One instance for all clients, so that all of them share the locks. */
    public static final AtomicConditionalWrites INSTANCE = new AtomicConditionalWrites();

    private static final ExecutionAttribute<Semaphore> HELD = new ExecutionAttribute<>("conditional-write-lock");

    private final ConcurrentHashMap<String, Semaphore> locks = new ConcurrentHashMap<>();

    private AtomicConditionalWrites() {
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        release(attributes);
        SdkHttpRequest request = context.httpRequest();
        boolean conditional = request.firstMatchingHeader("If-Match").isPresent()
                || request.firstMatchingHeader("If-None-Match").isPresent();
        if (!conditional || request.method().name().equals("GET") || request.method().name().equals("HEAD")) {
            return;
        }
        Semaphore lock = locks.computeIfAbsent(request.host() + ":" + request.port() + request.encodedPath(),
                k -> new Semaphore(1));
        lock.acquireUninterruptibly();
        attributes.putAttribute(HELD, lock);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        release(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    private static void release(ExecutionAttributes attributes) {
        Semaphore held = attributes.getAttribute(HELD);
        if (held != null) {
            attributes.putAttribute(HELD, null);
            held.release();
        }
    }
}
