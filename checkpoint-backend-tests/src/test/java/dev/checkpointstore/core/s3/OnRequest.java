package dev.checkpointstore.core.s3;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Runs an action once, on the thread of the first request that matches, either before the request
 * is sent or after its response arrived (and before the client reads it): a test blocks a request
 * there on a latch, or completes another operation in between, to put two operations in the order
 * that matters.
 */
final class OnRequest implements ExecutionInterceptor {

    /** Where in a request's execution the action runs. */
    enum Point {
        /** Before the request goes out: the server has not seen it. */
        BEFORE_SENDING,
        /** After the response arrived: the server has answered, the caller has not seen it. */
        AFTER_RESPONSE
    }

    private final String operation;
    private final Predicate<SdkHttpRequest> match;
    private final Point point;
    private final Runnable action;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile boolean armed = true;

    /**
     * @param operation the S3 operation, e.g. {@code PutObject}
     * @param match which of its requests, e.g. by path or query
     * @param point where the action runs
     * @param action what runs there, once
     */
    OnRequest(String operation, Predicate<SdkHttpRequest> match, Point point, Runnable action) {
        this.operation = operation;
        this.match = match;
        this.point = point;
        this.action = action;
    }

    /** A request whose path ends with a key. */
    static Predicate<SdkHttpRequest> key(String key) {
        return request -> request.encodedPath().endsWith("/" + key);
    }

    /** A listing whose {@code prefix} parameter is the given one. */
    static Predicate<SdkHttpRequest> listing(String prefix) {
        return request -> request.firstMatchingRawQueryParameter("prefix").map(prefix::equals).orElse(false);
    }

    /**
     * Makes it wait for {@link #arm()}, for requests the store also makes while it is built.
     * @return this
     */
    OnRequest disarmed() {
        armed = false;
        return this;
    }

    /** Lets the next matching request run the action. */
    void arm() {
        armed = true;
    }

    /** @return whether the action ran */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (point == Point.BEFORE_SENDING) {
            maybeRun(context.httpRequest(), attributes);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (point == Point.AFTER_RESPONSE) {
            maybeRun(context.httpRequest(), attributes);
        }
    }

    private void maybeRun(SdkHttpRequest request, ExecutionAttributes attributes) {
        if (armed && operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)) && match.test(request)
                && fired.compareAndSet(false, true)) {
            action.run();
        }
    }
}
