package dev.checkpointstore.core.s3;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Proves that requests are in flight at the same time: the first {@code count} requests that
 * match are each held before they are sent until all {@code count} have arrived, then all go on.
 * Requests made one after another never all arrive; the first then gives up after a guard time
 * (a deadlock guard, not a measurement) and {@link #gathered()} stays false.
 */
final class InFlightTogether implements ExecutionInterceptor {

    private static final long GUARD_SECONDS = 20;

    private final String operation;
    private final Predicate<SdkHttpRequest> match;
    private final CountDownLatch arrived;
    private final AtomicBoolean gathered = new AtomicBoolean();
    private volatile boolean armed = true;

    /**
     * @param operation the S3 operation, e.g. {@code UploadPart}
     * @param match which of its requests
     * @param count how many must be in flight together
     */
    InFlightTogether(String operation, Predicate<SdkHttpRequest> match, int count) {
        this.operation = operation;
        this.match = match;
        this.arrived = new CountDownLatch(count);
    }

    /**
     * Waits for {@link #arm()}, for requests made before the ones of interest.
     * @return this
     */
    InFlightTogether disarmed() {
        armed = false;
        return this;
    }

    /** Starts holding matching requests. */
    void arm() {
        armed = true;
    }

    /** @return whether {@code count} matching requests were held at once */
    boolean gathered() {
        return gathered.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!armed || arrived.getCount() == 0
                || !operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                || !match.test(context.httpRequest())) {
            return;
        }
        arrived.countDown();
        try {
            if (arrived.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
                gathered.set(true);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
