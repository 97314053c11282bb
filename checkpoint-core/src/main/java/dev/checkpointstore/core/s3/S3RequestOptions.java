package dev.checkpointstore.core.s3;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * What every request of a store carries besides its own parameters: the request configuration
 * (the SDK's retries off, since {@link Backoff} decides, and the {@link S3RequestListener}s), the
 * server-side encryption headers, the upload checksum and the sidecars' storage class. One place
 * shapes the requests, so no write can leave without its encryption and checksum, and no read of
 * an SSE-C object without its key.
 */
final class S3RequestOptions {

    /** The checksum of multipart parts when none is configured (the store's choice before it was configurable). */
    static final ChecksumAlgorithm DEFAULT_MULTIPART_CHECKSUM = ChecksumAlgorithm.CRC32;

    /** The checksums a store can be configured with. */
    static final List<ChecksumAlgorithm> SUPPORTED_CHECKSUMS = List.of(ChecksumAlgorithm.CRC32,
            ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256);

    private final S3Encryption encryption;
    private final @Nullable ChecksumAlgorithm checksum;
    private final @Nullable StorageClass sidecarStorageClass;
    private final AwsRequestOverrideConfiguration oneAttempt;

    /**
     * @param encryption the server-side encryption of every write
     * @param checksum the checksum of every PUT and part; null leaves single PUTs to the client's
     *     default and uses CRC32 for parts
     * @param sidecarStorageClass the storage class of sidecars, null for the bucket's default
     * @param listeners told of every request
     */
    S3RequestOptions(S3Encryption encryption, @Nullable ChecksumAlgorithm checksum,
            @Nullable StorageClass sidecarStorageClass, List<S3RequestListener> listeners) {
        this.encryption = encryption;
        this.checksum = checksum;
        this.sidecarStorageClass = sidecarStorageClass;
        List<S3RequestListener> told = List.copyOf(listeners);
        this.oneAttempt = AwsRequestOverrideConfiguration.builder()
                .addPlugin(config -> config.overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (!told.isEmpty()) {
                        o.addExecutionInterceptor(new Listeners(told));
                    }
                }))
                .build();
    }

    /** @return the configuration of every request: one attempt, listeners told */
    AwsRequestOverrideConfiguration oneAttempt() {
        return oneAttempt;
    }

    /** Encryption and checksum of a PUT. */
    void put(PutObjectRequest.Builder request) {
        encrypt(request::serverSideEncryption, (keyId, context) -> request.ssekmsKeyId(keyId)
                .ssekmsEncryptionContext(context), (algorithm, key, md5) -> request.sseCustomerAlgorithm(algorithm)
                .sseCustomerKey(key).sseCustomerKeyMD5(md5));
        if (checksum != null) {
            request.checksumAlgorithm(checksum);
        }
    }

    /** The storage class of a sidecar's PUT. */
    void sidecarPut(PutObjectRequest.Builder request) {
        if (sidecarStorageClass != null) {
            request.storageClass(sidecarStorageClass);
        }
    }

    /** Encryption, checksum and storage class of a multipart upload (only sidecars are uploaded in parts). */
    void createMultipart(CreateMultipartUploadRequest.Builder request) {
        encrypt(request::serverSideEncryption, (keyId, context) -> request.ssekmsKeyId(keyId)
                .ssekmsEncryptionContext(context), (algorithm, key, md5) -> request.sseCustomerAlgorithm(algorithm)
                .sseCustomerKey(key).sseCustomerKeyMD5(md5));
        request.checksumAlgorithm(multipartChecksum());
        if (sidecarStorageClass != null) {
            request.storageClass(sidecarStorageClass);
        }
    }

    /** The SSE-C key and the checksum of a part. */
    void uploadPart(UploadPartRequest.Builder request) {
        customerKey((algorithm, key, md5) -> request.sseCustomerAlgorithm(algorithm).sseCustomerKey(key)
                .sseCustomerKeyMD5(md5));
        request.checksumAlgorithm(multipartChecksum());
    }

    /** The SSE-C key of a completion. */
    void completeMultipart(CompleteMultipartUploadRequest.Builder request) {
        customerKey((algorithm, key, md5) -> request.sseCustomerAlgorithm(algorithm).sseCustomerKey(key)
                .sseCustomerKeyMD5(md5));
    }

    /**
     * A part for the completion, with the checksum S3 computed and verified for it.
     * @param partNumber from 1
     * @param response the part's upload response
     * @return the part
     */
    CompletedPart completedPart(int partNumber, UploadPartResponse response) {
        CompletedPart.Builder part = CompletedPart.builder().partNumber(partNumber).eTag(response.eTag());
        switch (multipartChecksum()) {
            case CRC32_C -> part.checksumCRC32C(response.checksumCRC32C());
            case SHA1 -> part.checksumSHA1(response.checksumSHA1());
            case SHA256 -> part.checksumSHA256(response.checksumSHA256());
            default -> part.checksumCRC32(response.checksumCRC32());
        }
        return part.build();
    }

    /** The SSE-C key of a GET. */
    void get(GetObjectRequest.Builder request) {
        customerKey((algorithm, key, md5) -> request.sseCustomerAlgorithm(algorithm).sseCustomerKey(key)
                .sseCustomerKeyMD5(md5));
    }

    /** The SSE-C key of a HEAD. */
    void head(HeadObjectRequest.Builder request) {
        customerKey((algorithm, key, md5) -> request.sseCustomerAlgorithm(algorithm).sseCustomerKey(key)
                .sseCustomerKeyMD5(md5));
    }

    /** Sets the server-side encryption of a write: the type, the KMS key and context, or the customer key. */
    private void encrypt(Consumer<ServerSideEncryption> type, BiConsumer<String, String> kmsKey, CustomerKeyHeaders customer) {
        if (encryption instanceof S3Encryption.S3Managed) {
            type.accept(ServerSideEncryption.AES256);
        }
        else if (encryption instanceof S3Encryption.Kms kms) {
            type.accept(ServerSideEncryption.AWS_KMS);
            kmsKey.accept(kms.keyId(), kms.encodedContext());
        }
        else {
            customerKey(customer);
        }
    }

    /** Sets the SSE-C key, which S3 wants on every request that writes or reads an SSE-C object. */
    private void customerKey(CustomerKeyHeaders headers) {
        if (encryption instanceof S3Encryption.CustomerKey key) {
            headers.set(S3Encryption.CustomerKey.ALGORITHM, key.base64Key(), key.base64KeyMd5());
        }
    }

    /** The SSE-C setters of one request type (the SDK's request builders share no interface for them). */
    @FunctionalInterface
    private interface CustomerKeyHeaders {
        void set(String algorithm, String base64Key, String base64KeyMd5);
    }

    private ChecksumAlgorithm multipartChecksum() {
        return checksum != null ? checksum : DEFAULT_MULTIPART_CHECKSUM;
    }

    /** Tells the listeners of each request just before it is sent. */
    private record Listeners(List<S3RequestListener> listeners) implements ExecutionInterceptor {

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            for (S3RequestListener listener : listeners) {
                listener.onRequest(operation);
            }
        }
    }
}
