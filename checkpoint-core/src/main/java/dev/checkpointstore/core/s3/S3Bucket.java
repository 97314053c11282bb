package dev.checkpointstore.core.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointStoreException;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One bucket, through the SDK: the requests the store makes, each either retried with
 * {@link Backoff} (idempotent requests) or made exactly once (conditional writes, whose callers
 * decide what a failure means). The client's own retries are switched off per request so that
 * this class alone decides what is retried, and a conditional create is never repeated behind the
 * store's back. Failures leave as {@link CheckpointBackendException}s from {@link S3Failures}.
 */
final class S3Bucket {

    /** DeleteObjects takes at most this many keys a request. */
    static final int DELETE_BATCH = 1000;

    static final String OCTET_STREAM = "application/octet-stream";

    /** An object's bytes and the ETag they were read with. */
    record Blob(byte[] bytes, @Nullable String etag) {
    }

    private final S3Client client;
    private final String bucket;
    private final Backoff backoff;
    private final S3Failures failures;
    private final S3RequestOptions options;
    /** Every request goes out once per call (the SDK's retry strategy is replaced by none), listeners told. */
    private final AwsRequestOverrideConfiguration oneAttempt;

    S3Bucket(S3Client client, String bucket, Backoff backoff, S3RequestOptions options) {
        this.client = client;
        this.bucket = bucket;
        this.backoff = backoff;
        this.options = options;
        this.oneAttempt = options.oneAttempt();
        this.failures = new S3Failures(bucket,
                client.serviceClientConfiguration().endpointOverride().map(Object::toString).orElse("the AWS S3 endpoint"));
    }

    String name() {
        return bucket;
    }

    Backoff backoff() {
        return backoff;
    }

    S3Failures failures() {
        return failures;
    }

    S3RequestOptions options() {
        return options;
    }

    String location(String key) {
        return failures.location(key);
    }

    /**
     * Reads a whole small object, retried.
     * @param key the key
     * @param action what the read is for, for messages ("read the manifest of checkpoint 7 from")
     * @param limit the largest object read
     * @param tooLarge the failure for a larger object, given its size
     * @return its bytes and ETag, or empty when there is no such object
     */
    Optional<Blob> get(String key, String action, int limit, LongFunction<CheckpointStoreException> tooLarge) {
        return retriedOrEmpty(action, key, () -> {
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(getRequest(key).build())) {
                Long length = in.response().contentLength();
                if (length != null && length > limit) {
                    in.abort();
                    throw tooLarge.apply(length);
                }
                byte[] bytes = in.readNBytes(limit);
                if (bytes.length == limit && in.read() >= 0) {
                    in.abort();
                    throw tooLarge.apply(limit + 1L);
                }
                return new Blob(bytes, in.response().eTag());
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    /**
     * Opens an object's body, retried.
     * @param key the key
     * @param action what the read is for
     * @param request adds a range or a precondition to the GET
     * @return the body, or empty when there is no such object
     */
    Optional<ResponseInputStream<GetObjectResponse>> open(String key, String action,
            Consumer<GetObjectRequest.Builder> request) {
        return retriedOrEmpty(action, key, () -> openOnce(key, request));
    }

    /**
     * Opens an object's body once; failures leave as the SDK threw them.
     * @param key the key
     * @param request adds a range or a precondition to the GET
     * @return the body
     */
    ResponseInputStream<GetObjectResponse> openOnce(String key, Consumer<GetObjectRequest.Builder> request) {
        GetObjectRequest.Builder builder = getRequest(key);
        request.accept(builder);
        return client.getObject(builder.build());
    }

    /**
     * Reads an object's metadata, retried.
     * @param key the key
     * @param action what it is for
     * @return the metadata, or empty when there is no such object
     */
    Optional<HeadObjectResponse> head(String key, String action) {
        return retriedOrEmpty(action, key, () -> client.headObject(r -> options.head(r.bucket(bucket).key(key)
                .overrideConfiguration(oneAttempt))));
    }

    /**
     * Writes an object unconditionally, retried (an idempotent write).
     * @param key the key
     * @param action what it is for
     * @param body the body; must be readable more than once
     * @return the response
     */
    PutObjectResponse put(String key, String action, RequestBody body) {
        return retried(action, key, () -> putOnce(key, body, r -> { }));
    }

    /**
     * Writes an object once; failures leave as the SDK threw them, for callers that handle
     * preconditions and ambiguous failures themselves.
     * @param key the key
     * @param body the body
     * @param request adds preconditions
     * @return the response
     */
    PutObjectResponse putOnce(String key, RequestBody body, Consumer<PutObjectRequest.Builder> request) {
        PutObjectRequest.Builder builder = PutObjectRequest.builder().bucket(bucket).key(key)
                .overrideConfiguration(oneAttempt);
        options.put(builder);
        request.accept(builder);
        return client.putObject(builder.build(), body);
    }

    /**
     * Lists every object under a prefix, page by page, each page retried.
     * @param prefix the key prefix
     * @param action what it is for
     * @param each receives every object, in key order
     * @return how many LIST requests it took
     */
    int list(String prefix, String action, Consumer<S3Object> each) {
        String token = null;
        int pages = 0;
        do {
            String continuation = token;
            ListObjectsV2Response page = retried(action, prefix, () -> client.listObjectsV2(r -> r.bucket(bucket)
                    .prefix(prefix).continuationToken(continuation).overrideConfiguration(oneAttempt)));
            pages++;
            page.contents().forEach(each);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        }
        while (token != null);
        return pages;
    }

    /**
     * Deletes objects in batches of {@value #DELETE_BATCH} keys, each batch retried. Keys that do
     * not exist are not errors.
     * @param keys the keys
     * @param action what it is for
     * @return the keys that could not be deleted, with S3's reason, in the order they were reported
     */
    List<S3Error> deleteAll(List<String> keys, String action) {
        List<S3Error> errors = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH))) {
                batch.add(ObjectIdentifier.builder().key(key).build());
            }
            Delete delete = Delete.builder().objects(batch).quiet(true).build();
            DeleteObjectsResponse response = retried(action, batch.get(0).key(), () -> client.deleteObjects(r -> r
                    .bucket(bucket).delete(delete).overrideConfiguration(oneAttempt)));
            for (S3Error error : response.errors()) {
                if (!"NoSuchKey".equals(error.code())) {
                    errors.add(error);
                }
            }
        }
        return errors;
    }

    /**
     * Runs an idempotent request with retries, translating its final failure.
     * @param action what it is for
     * @param key the key, for messages
     * @param request the request
     * @return the result
     */
    <T> T retried(String action, String key, Supplier<T> request) {
        try {
            return backoff.call(request);
        }
        catch (CheckpointStoreException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw failures.failure(action, key, ex);
        }
    }

    /**
     * Like {@link #retried}, where a 404 for the key means "no such object".
     * @param action what it is for
     * @param key the key, for messages
     * @param request the request
     * @return the result, or empty when the object does not exist
     */
    <T> Optional<T> retriedOrEmpty(String action, String key, Supplier<T> request) {
        return retried(action, key, () -> {
            try {
                return Optional.of(request.get());
            }
            catch (RuntimeException ex) {
                if (S3Failures.kind(ex) == S3Failures.Kind.NOT_FOUND) {
                    return Optional.<T>empty();
                }
                throw ex;
            }
        });
    }

    // ---- multipart uploads ----

    /**
     * Starts a multipart upload, retried (a retry after a lost response leaves an unused upload,
     * which a bucket lifecycle rule for incomplete uploads removes).
     * @param key the key
     * @param action what it is for
     * @return the upload id
     */
    String startMultipart(String key, String action) {
        return retried(action, key, () -> client.createMultipartUpload(r -> options.createMultipart(r.bucket(bucket)
                .key(key).contentType(OCTET_STREAM).overrideConfiguration(oneAttempt)))).uploadId();
    }

    /**
     * Uploads one part, retried (parts are idempotent).
     * @param key the key
     * @param uploadId the upload
     * @param partNumber from 1
     * @param content the part's bytes
     * @param action what it is for
     * @return the part, for the completion
     */
    CompletedPart uploadPart(String key, String uploadId, int partNumber, ChunkContent content, String action) {
        UploadPartResponse response = retried(action, key, () -> client.uploadPart(r -> options.uploadPart(r
                .bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(content.length())
                .overrideConfiguration(oneAttempt)), content.requestBody()));
        return options.completedPart(partNumber, response);
    }

    /**
     * Completes a multipart upload once; failures leave as the SDK threw them.
     * @param key the key
     * @param uploadId the upload
     * @param parts the parts in order
     * @param request adds preconditions
     */
    void completeMultipartOnce(String key, String uploadId, List<CompletedPart> parts,
            Consumer<CompleteMultipartUploadRequest.Builder> request) {
        CompleteMultipartUploadRequest.Builder builder = CompleteMultipartUploadRequest.builder().bucket(bucket)
                .key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)).overrideConfiguration(oneAttempt);
        options.completeMultipart(builder);
        request.accept(builder);
        client.completeMultipartUpload(builder.build());
    }

    /**
     * Aborts a multipart upload so that no parts stay behind, retried.
     * @param key the key
     * @param uploadId the upload
     * @param action what it is for
     */
    void abortMultipart(String key, String uploadId, String action) {
        retriedOrEmpty(action, key, () -> client.abortMultipartUpload(r -> r.bucket(bucket).key(key)
                .uploadId(uploadId).overrideConfiguration(oneAttempt)));
    }

    /**
     * Lists the incomplete multipart uploads under a prefix, page by page, each page retried.
     * @param prefix the key prefix
     * @param action what it is for
     * @param each receives every upload, in key order
     */
    void listMultipartUploads(String prefix, String action, Consumer<MultipartUpload> each) {
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            String keys = keyMarker;
            String uploads = uploadIdMarker;
            ListMultipartUploadsResponse page = retried(action, prefix, () -> client.listMultipartUploads(r -> r
                    .bucket(bucket).prefix(prefix).keyMarker(keys).uploadIdMarker(uploads)
                    .overrideConfiguration(oneAttempt)));
            page.uploads().forEach(each);
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextKeyMarker() == null) {
                return;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }

    private GetObjectRequest.Builder getRequest(String key) {
        GetObjectRequest.Builder builder = GetObjectRequest.builder().bucket(bucket).key(key)
                .overrideConfiguration(oneAttempt);
        options.get(builder);
        return builder;
    }
}
