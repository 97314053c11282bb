package dev.checkpointstore.spring.autoconfigure;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.objectstore.ConditionalWritesUnsupportedException;
import dev.checkpointstore.core.s3.S3CheckpointStore;

/**
 * What the starter reports when {@link S3CheckpointStore.Builder#build()} fails: a bucket that
 * does not exist is a bad {@code checkpoint.s3.bucket} ({@link InvalidCheckpointPropertyException});
 * an endpoint that cannot be reached, access denied, a wrong region or a store that does not honour
 * conditional writes is a {@link CheckpointStoreStartupException} saying which, and how to fix it.
 * Used only where the AWS SDK is on the classpath.
 */
final class S3StartupFailures {

    private static final String REQUEST_PATH = "spring.cloud.aws.s3.endpoint (for an S3-compatible server) or"
            + " spring.cloud.aws.region.static (for AWS S3)";

    private S3StartupFailures() {
    }

    /**
     * The exception to fail startup with.
     * @param failure what the builder threw
     * @param bucket the bucket, from {@code checkpoint.s3.bucket}
     * @param location the store's location, {@code s3://bucket/prefix}
     * @return the exception, with the builder's failure as its cause
     */
    static RuntimeException of(CheckpointStoreException failure, String bucket, String location) {
        if (failure instanceof ConditionalWritesUnsupportedException unsupported) {
            return new CheckpointStoreStartupException(location, "the startup probe found that "
                    + failure.getMessage(), "Use an S3-compatible store that implements "
                    + String.join(" and ", unsupported.headers()) + " on PUT (AWS S3 does), or, if only one instance"
                    + " of the application ever writes under this prefix, set"
                    + " checkpoint.s3.allow-unconditional-writes=true to start without fencing (a warning is logged).",
                    failure);
        }
        SdkServiceException service = serviceFailure(failure);
        if (service == null) {
            return new CheckpointStoreStartupException(location, "the S3 endpoint could not be reached: "
                    + failure.getMessage(), "Check " + REQUEST_PATH + ", that the server is running and that this"
                    + " host can reach it, then restart the application.", failure);
        }
        String code = errorCode(service);
        if ("NoSuchBucket".equals(code)) {
            return new InvalidCheckpointPropertyException("checkpoint.s3.bucket", bucket, failure.getMessage(),
                    "Check that the bucket exists at " + REQUEST_PATH + ", or set checkpoint.s3.bucket to one that"
                            + " does.", failure);
        }
        if (service.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
            return new CheckpointStoreStartupException(location, "access was denied: " + failure.getMessage(),
                    "Check spring.cloud.aws.credentials.* (or the default credentials chain) and the bucket policy:"
                            + " the store needs s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on the"
                            + " bucket.", failure);
        }
        if (service.statusCode() == 301 || "PermanentRedirect".equals(code)
                || "AuthorizationHeaderMalformed".equals(code)) {
            return new CheckpointStoreStartupException(location, "the bucket is in another region: "
                    + failure.getMessage(), "Set spring.cloud.aws.region.static to the bucket's region.", failure);
        }
        return new CheckpointStoreStartupException(location, "the bucket refused the startup probe: "
                + failure.getMessage(), "Check " + REQUEST_PATH + " and the bucket, then restart the application.",
                failure);
    }

    private static @Nullable SdkServiceException serviceFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SdkServiceException service) {
                return service;
            }
        }
        return null;
    }

    private static @Nullable String errorCode(SdkServiceException service) {
        return service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : null;
    }
}
