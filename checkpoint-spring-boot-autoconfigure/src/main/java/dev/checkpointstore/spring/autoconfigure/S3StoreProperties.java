package dev.checkpointstore.spring.autoconfigure;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.StorageClass;

import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.core.s3.S3Encryption;
import dev.checkpointstore.spring.autoconfigure.CheckpointProperties.S3.Encryption;

/**
 * Applies the {@code checkpoint.s3.*} settings of encryption, upload checksums and the sidecars'
 * storage class to a store builder. A value the store cannot use, or a setting that does not fit
 * the encryption type, fails with an {@link InvalidCheckpointPropertyException} naming the
 * property; the customer key is never shown.
 */
final class S3StoreProperties {

    /** How an SSE-C key is shown in failures. */
    static final String HIDDEN = "******";

    private static final String ENCRYPTION = "checkpoint.s3.encryption.";

    private S3StoreProperties() {
    }

    static void apply(CheckpointProperties.S3 s3, S3CheckpointStore.Builder builder) {
        builder.serverSideEncryption(encryption(s3.getEncryption()));
        StoreProperties.apply("checkpoint.s3.transfer-concurrency", s3.getTransferConcurrency(),
                () -> builder.transferConcurrency(s3.getTransferConcurrency()),
                "Set checkpoint.s3.transfer-concurrency to 1 or more (8 by default).");
        StoreProperties.apply("checkpoint.s3.part-size", s3.getPartSize(),
                () -> builder.partSize(s3.getPartSize().toBytes()),
                "Set checkpoint.s3.part-size to a size from 5MB to 5GB (8MB by default).");
        CheckpointProperties.S3.Checksum checksum = s3.getChecksumAlgorithm();
        if (checksum != null) {
            builder.checksumAlgorithm(switch (checksum) {
                case CRC32 -> ChecksumAlgorithm.CRC32;
                case CRC32C -> ChecksumAlgorithm.CRC32_C;
                case SHA1 -> ChecksumAlgorithm.SHA1;
                case SHA256 -> ChecksumAlgorithm.SHA256;
            });
        }
        String storageClass = s3.getSidecarStorageClass();
        if (storageClass != null && !storageClass.isBlank()) {
            StorageClass known = StorageClass.fromValue(storageClass.trim().toUpperCase(Locale.ROOT)
                    .replace('-', '_'));
            if (known == StorageClass.UNKNOWN_TO_SDK_VERSION) {
                throw new InvalidCheckpointPropertyException("checkpoint.s3.sidecar-storage-class", storageClass,
                        "not a storage class S3 knows",
                        "Set checkpoint.s3.sidecar-storage-class to one of " + StorageClass.knownValues()
                                + ", or leave it out for the bucket's default.");
            }
            StoreProperties.apply("checkpoint.s3.sidecar-storage-class", storageClass,
                    () -> builder.sidecarStorageClass(known), "Set checkpoint.s3.sidecar-storage-class to a class that"
                            + " is read without a restore, such as STANDARD_IA, INTELLIGENT_TIERING or GLACIER_IR.");
        }
    }

    static S3Encryption encryption(Encryption encryption) {
        Encryption.Type type = encryption.getType();
        @Nullable String kmsKeyId = encryption.getKmsKeyId();
        Map<String, String> context = encryption.getKmsEncryptionContext();
        @Nullable String customerKey = encryption.getCustomerKey();
        Object shownKeyId = kmsKeyId == null ? "" : kmsKeyId;
        if (type != Encryption.Type.SSE_KMS) {
            onlyFor("kms-key-id", kmsKeyId, shownKeyId, type, "sse-kms");
            onlyFor("kms-encryption-context", context.isEmpty() ? null : context, context, type, "sse-kms");
        }
        if (type != Encryption.Type.SSE_C) {
            onlyFor("customer-key", customerKey, HIDDEN, type, "sse-c");
        }
        return switch (type) {
            case NONE -> S3Encryption.none();
            case SSE_S3 -> S3Encryption.s3Managed();
            case SSE_KMS -> kms(kmsKeyId, context);
            case SSE_C -> customerKey(customerKey);
        };
    }

    private static S3Encryption kms(@Nullable String keyId, Map<String, String> context) {
        try {
            return S3Encryption.kms(keyId, context);
        }
        catch (IllegalArgumentException ex) {
            boolean blankKey = keyId != null && keyId.isBlank();
            throw new InvalidCheckpointPropertyException(ENCRYPTION + (blankKey ? "kms-key-id" : "kms-encryption-context"),
                    blankKey ? keyId : context, ex.getMessage() != null ? ex.getMessage() : "rejected by the store",
                    "Set checkpoint.s3.encryption.kms-key-id to the id, ARN or alias of a KMS key, or leave it out for"
                            + " the AWS managed key aws/s3; give the encryption context as"
                            + " checkpoint.s3.encryption.kms-encryption-context.<key>=<value>.", ex);
        }
    }

    private static S3Encryption customerKey(@Nullable String key) {
        if (key == null || key.isBlank()) {
            throw new InvalidCheckpointPropertyException(ENCRYPTION + "customer-key", null,
                    "sse-c needs the customer key",
                    "Set checkpoint.s3.encryption.customer-key to a 256-bit AES key, base64-encoded (for example the"
                            + " output of 'openssl rand -base64 32'), kept out of source control.");
        }
        try {
            return S3Encryption.customerKey(key);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidCheckpointPropertyException(ENCRYPTION + "customer-key", HIDDEN, ex.getMessage(),
                    "Set checkpoint.s3.encryption.customer-key to a 256-bit AES key, base64-encoded (for example the"
                            + " output of 'openssl rand -base64 32').", ex);
        }
    }

    private static void onlyFor(String property, @Nullable Object set, Object shown, Encryption.Type type,
            String needed) {
        if (set != null) {
            throw new InvalidCheckpointPropertyException(ENCRYPTION + property, shown, "it applies to "
                    + needed + " only, and checkpoint.s3.encryption.type is " + name(type),
                    "Set checkpoint.s3.encryption.type=" + needed + ", or remove " + ENCRYPTION + property + ".");
        }
    }

    private static String name(Encryption.Type type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
