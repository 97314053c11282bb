package dev.checkpointstore.core.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that reads AWS SDK failures: what kind of failure an exception is, and the
 * {@link CheckpointBackendException} a caller sees, naming the bucket, the key and the cause in
 * words instead of an SDK stack trace.
 */
final class S3Failures {

    /** What a failed request means to the store. */
    enum Kind {
        /** 404 for the key (not for the bucket). */
        NOT_FOUND,
        /** 412 (or 304 from some stores): a conditional write's precondition did not hold. */
        PRECONDITION_FAILED,
        /** 409: a concurrent conditional write to the same key; safe to retry. */
        CONFLICT,
        /** 5xx, throttling, a dropped or refused connection, a timeout: retry with backoff. */
        TRANSIENT,
        /** Anything else: a missing bucket, bad credentials, a bad request. */
        FATAL
    }

    private final String bucket;
    private final String endpoint;

    S3Failures(String bucket, String endpoint) {
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    static Kind kind(Throwable failure) {
        if (failure instanceof SdkServiceException service) {
            String code = errorCode(service);
            int status = service.statusCode();
            if (status == 404) {
                return "NoSuchBucket".equals(code) ? Kind.FATAL : Kind.NOT_FOUND;
            }
            if (status == 412 || status == 304) {
                // some S3-compatible stores (S3Mock) answer a failed If-None-Match on a write with 304
                return Kind.PRECONDITION_FAILED;
            }
            if (status == 409 && ("ConditionalRequestConflict".equals(code) || "OperationAborted".equals(code))) {
                return Kind.CONFLICT;
            }
            if (status == 501 || "NotImplemented".equals(code)) {
                return Kind.FATAL;
            }
            if (status >= 500 || status == 429 || service.isThrottlingException() || "RequestTimeout".equals(code)) {
                return Kind.TRANSIENT;
            }
            return Kind.FATAL;
        }
        if (failure instanceof AbortedException || isInterrupt(failure)) {
            return Kind.FATAL;
        }
        if (failure instanceof SdkClientException || failure instanceof IOException
                || failure instanceof UncheckedIOException) {
            return Kind.TRANSIENT;
        }
        return failure instanceof SdkException sdk && sdk.retryable() ? Kind.TRANSIENT : Kind.FATAL;
    }

    /**
     * Whether the credentials may not make the request (403).
     * @param failure the failure
     * @return true for a refusal
     */
    static boolean isAccessDenied(Throwable failure) {
        return failure instanceof SdkServiceException service && service.statusCode() == 403;
    }

    /**
     * Whether the store refused a request feature it does not implement (501 or {@code NotImplemented}).
     * @param failure the failure
     * @return true for a feature the store lacks
     */
    static boolean isNotImplemented(Throwable failure) {
        return failure instanceof SdkServiceException service
                && (service.statusCode() == 501 || "NotImplemented".equals(errorCode(service)));
    }

    /**
     * The store's exception for a failed request.
     * @param action what the store was doing, e.g. {@code "write the manifest of checkpoint 7 to"}
     * @param key the object key
     * @param failure the SDK (or stream) failure
     * @return an exception naming the bucket, the key and the cause
     */
    CheckpointBackendException failure(String action, String key, Throwable failure) {
        return new CheckpointBackendException("cannot " + action + " " + location(key) + ": " + describe(failure), failure);
    }

    String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    String describe(Throwable failure) {
        if (failure instanceof SdkServiceException service) {
            String code = errorCode(service);
            int status = service.statusCode();
            String detail = "HTTP " + status + (code == null ? "" : " " + code)
                    + (service.requestId() == null ? "" : ", request id " + service.requestId());
            if ("NoSuchBucket".equals(code)) {
                return "bucket '" + bucket + "' does not exist at " + endpoint + " (" + detail + ")";
            }
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return "access denied to bucket '" + bucket + "' at " + endpoint
                        + "; check the credentials, the region and the bucket policy (" + detail + ")";
            }
            if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
                return "bucket '" + bucket + "' is not reachable with this client's region or endpoint (" + detail + ")";
            }
            String message = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorMessage() : null;
            return detail + (message == null ? "" : ": " + message);
        }
        Throwable root = rootCause(failure);
        if (root instanceof ConnectException || root instanceof UnknownHostException
                || root instanceof NoRouteToHostException) {
            return "the S3 endpoint " + endpoint + " is unreachable (" + root + ")";
        }
        String message = failure.getMessage();
        if (message == null) {
            return failure.toString();
        }
        boolean rootAddsDetail = root != failure && root.getMessage() != null && !message.contains(root.getMessage());
        return rootAddsDetail ? message + " (" + root + ")" : message;
    }

    private static @Nullable String errorCode(SdkServiceException service) {
        if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            if (code != null && !code.isBlank()) {
                return code;
            }
        }
        return null;
    }

    private static boolean isInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    && t.getClass() == InterruptedIOException.class) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
