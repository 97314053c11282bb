package dev.checkpointstore.core.s3;

/**
 * Told of every HTTP request a {@link S3CheckpointStore} sends, retries included, before it goes
 * out: a hook for request counters (the Spring Boot starter's {@code checkpoint.s3.requests}).
 * The store's requests carry it on their own request configuration, so the application's
 * {@code S3Client} and its other users are not affected. Called on the thread that makes the
 * request; it must be fast and must not throw.
 */
@FunctionalInterface
public interface S3RequestListener {

    /**
     * A request is about to be sent.
     * @param operation the S3 operation, as the AWS SDK names it: {@code PutObject}, {@code GetObject},
     *     {@code HeadObject}, {@code ListObjectsV2}, {@code DeleteObjects}, {@code CreateMultipartUpload},
     *     {@code UploadPart}, {@code CompleteMultipartUpload}, {@code AbortMultipartUpload}
     */
    void onRequest(String operation);
}
