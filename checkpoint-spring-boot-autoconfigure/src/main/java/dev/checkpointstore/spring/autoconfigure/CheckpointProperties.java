package dev.checkpointstore.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.spring.CheckpointBackend;

/**
 * Configuration of checkpoint-store, under {@code checkpoint.*}. The store's own rules (the vnode
 * range, the S3 prefix form, ...) are checked by its builder when the store is built; this class
 * checks what only the starter uses. A bad value fails startup with an
 * {@link InvalidCheckpointPropertyException}.
 */
@ConfigurationProperties("checkpoint")
public class CheckpointProperties implements InitializingBean {

    /** How many checkpoints a store keeps by default. */
    public static final int DEFAULT_RETENTION = 3;

    /**
     * Whether to auto-configure the checkpoint store, its startup recovery, endpoint, health,
     * orphan cleanup and metrics.
     */
    private boolean enabled = true;

    /**
     * Where checkpoints are stored: filesystem, s3, azure or memory.
     */
    private CheckpointBackend backend = CheckpointBackend.FILESYSTEM;

    /**
     * Vnode count of the running system, 1..65535; checkpoints are validated against it.
     */
    private int vnodeCount = CheckpointStore.DEFAULT_VNODE_COUNT;

    /**
     * How many checkpoints to keep after each save; 0 keeps all.
     */
    private int retention = DEFAULT_RETENTION;

    /**
     * Largest manifest the store reads; a larger one is reported as corrupt.
     */
    private DataSize maxManifestSize = DataSize.ofBytes(ManifestCodec.DEFAULT_MAX_MANIFEST_BYTES);

    private final FileSystem filesystem = new FileSystem();

    private final S3 s3 = new S3();

    private final Azure azure = new Azure();

    private final OrphanCleanup orphanCleanup = new OrphanCleanup();

    private final Recovery recovery = new Recovery();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public CheckpointBackend getBackend() {
        return backend;
    }

    public void setBackend(CheckpointBackend backend) {
        this.backend = backend;
    }

    public int getVnodeCount() {
        return vnodeCount;
    }

    public void setVnodeCount(int vnodeCount) {
        this.vnodeCount = vnodeCount;
    }

    public int getRetention() {
        return retention;
    }

    public void setRetention(int retention) {
        this.retention = retention;
    }

    public DataSize getMaxManifestSize() {
        return maxManifestSize;
    }

    public void setMaxManifestSize(DataSize maxManifestSize) {
        this.maxManifestSize = maxManifestSize;
    }

    public FileSystem getFilesystem() {
        return filesystem;
    }

    public S3 getS3() {
        return s3;
    }

    public Azure getAzure() {
        return azure;
    }

    public OrphanCleanup getOrphanCleanup() {
        return orphanCleanup;
    }

    public Recovery getRecovery() {
        return recovery;
    }

    /**
     * Checks the values only the starter uses; the store settings are checked where they are
     * applied to the store's builder ({@code StoreProperties}).
     * @throws InvalidCheckpointPropertyException naming the first bad property
     */
    @Override
    public void afterPropertiesSet() {
        if (backend == CheckpointBackend.S3 && (s3.bucket == null || s3.bucket.isBlank())) {
            throw new InvalidCheckpointPropertyException("checkpoint.s3.bucket", s3.bucket,
                    "a bucket is required when checkpoint.backend is s3",
                    "Set checkpoint.s3.bucket to the name of the bucket that holds the checkpoints.");
        }
        if (backend == CheckpointBackend.AZURE && (azure.container == null || azure.container.isBlank())) {
            throw new InvalidCheckpointPropertyException("checkpoint.azure.container", azure.container,
                    "a container is required when checkpoint.backend is azure",
                    "Set checkpoint.azure.container to the name of the blob container that holds the checkpoints.");
        }
        requirePositive("checkpoint.orphan-cleanup.interval", orphanCleanup.interval,
                "Set checkpoint.orphan-cleanup.interval to a positive duration such as 10m, or turn the "
                        + "cleanup off with checkpoint.orphan-cleanup.enabled=false.");
        requireNotNegative("checkpoint.orphan-cleanup.initial-delay", orphanCleanup.initialDelay,
                "Set checkpoint.orphan-cleanup.initial-delay to 0 or a positive duration such as 1m.");
        requireNotNegative("checkpoint.recovery.cache-ttl", recovery.cacheTtl,
                "Set checkpoint.recovery.cache-ttl to 0 (no caching) or a positive duration such as 30s.");
    }

    private static void requirePositive(String property, Duration value, String action) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidCheckpointPropertyException(property, value, "must be positive", action);
        }
    }

    private static void requireNotNegative(String property, Duration value, String action) {
        if (value.isNegative()) {
            throw new InvalidCheckpointPropertyException(property, value, "must not be negative", action);
        }
    }

    /** Settings of the filesystem backend. */
    public static class FileSystem {

        /**
         * Base directory of the filesystem backend; checkpoints live in {base-dir}/checkpoints.
         */
        private Path baseDir = Path.of("checkpoint-data");

        public Path getBaseDir() {
            return baseDir;
        }

        public void setBaseDir(Path baseDir) {
            this.baseDir = baseDir;
        }
    }

    /** Settings of the Azure Blob Storage backend; the connection comes from spring.cloud.azure.storage.blob.*. */
    public static class Azure {

        /**
         * Blob container of the Azure backend, which must exist; required when the backend is azure.
         */
        private @Nullable String container;

        /**
         * Blob-name prefix of the Azure backend: empty, or ending with a slash.
         */
        private String prefix = "";

        public @Nullable String getContainer() {
            return container;
        }

        public void setContainer(@Nullable String container) {
            this.container = container;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Settings of the S3 backend; the connection comes from spring.cloud.aws.*. */
    public static class S3 {

        /**
         * Bucket of the S3 backend; required when the backend is s3.
         */
        private @Nullable String bucket;

        /**
         * Key prefix of the S3 backend: empty, or ending with a slash.
         */
        private String prefix = "";

        /**
         * Whether to start on an S3-compatible store that ignores or rejects the conditional writes
         * If-None-Match or If-Match; writers are then not fenced against each other, and a warning
         * says so.
         */
        private boolean allowUnconditionalWrites;

        /**
         * Checksum the SDK computes and S3 verifies on every upload (each PUT and each part of a
         * multipart upload): crc32, crc32c, sha1 or sha256. When not set, single PUTs follow the
         * S3Client's own setting and parts use crc32.
         */
        private @Nullable Checksum checksumAlgorithm;

        /**
         * Storage class of sidecars (state-N.bin), such as STANDARD_IA or INTELLIGENT_TIERING; when
         * not set, the bucket's default. Manifests and the latest pointer keep the default.
         */
        private @Nullable String sidecarStorageClass;

        /**
         * Parts of one sidecar transfer in flight at once: the parts of a multipart upload, the
         * ranged GETs of a read. A read holds up to this many parts in memory.
         */
        private int transferConcurrency = S3CheckpointStore.DEFAULT_TRANSFER_CONCURRENCY;

        /**
         * Part size of sidecar transfers, 5MB to 5GB: multipart uploads send parts of this size,
         * and a larger sidecar is read in ranged GETs of this size.
         */
        private DataSize partSize = DataSize.ofBytes(S3CheckpointStore.DEFAULT_PART_SIZE);

        private final Encryption encryption = new Encryption();

        public @Nullable String getBucket() {
            return bucket;
        }

        public void setBucket(@Nullable String bucket) {
            this.bucket = bucket;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public boolean isAllowUnconditionalWrites() {
            return allowUnconditionalWrites;
        }

        public void setAllowUnconditionalWrites(boolean allowUnconditionalWrites) {
            this.allowUnconditionalWrites = allowUnconditionalWrites;
        }

        public @Nullable Checksum getChecksumAlgorithm() {
            return checksumAlgorithm;
        }

        public void setChecksumAlgorithm(@Nullable Checksum checksumAlgorithm) {
            this.checksumAlgorithm = checksumAlgorithm;
        }

        public @Nullable String getSidecarStorageClass() {
            return sidecarStorageClass;
        }

        public void setSidecarStorageClass(@Nullable String sidecarStorageClass) {
            this.sidecarStorageClass = sidecarStorageClass;
        }

        public int getTransferConcurrency() {
            return transferConcurrency;
        }

        public void setTransferConcurrency(int transferConcurrency) {
            this.transferConcurrency = transferConcurrency;
        }

        public DataSize getPartSize() {
            return partSize;
        }

        public void setPartSize(DataSize partSize) {
            this.partSize = partSize;
        }

        public Encryption getEncryption() {
            return encryption;
        }

        /** The upload checksums S3 verifies. */
        public enum Checksum {

            /** CRC-32. */
            CRC32,

            /** CRC-32C (Castagnoli). */
            CRC32C,

            /** SHA-1. */
            SHA1,

            /** SHA-256. */
            SHA256
        }

        /** Server-side encryption of the objects the S3 backend writes. */
        public static class Encryption {

            /**
             * Server-side encryption of every object written: none (the bucket's default), sse-s3,
             * sse-kms or sse-c.
             */
            private Type type = Type.NONE;

            /**
             * KMS key (id, ARN or alias) for sse-kms; when not set, the AWS managed key aws/s3.
             */
            private @Nullable String kmsKeyId;

            /**
             * Encryption context for sse-kms, as key-value pairs.
             */
            private Map<String, String> kmsEncryptionContext = new LinkedHashMap<>();

            /**
             * Customer-provided 256-bit AES key for sse-c, base64-encoded; sent with every request,
             * reads included, and never stored by S3.
             */
            private @Nullable String customerKey;

            public Type getType() {
                return type;
            }

            public void setType(Type type) {
                this.type = type;
            }

            public @Nullable String getKmsKeyId() {
                return kmsKeyId;
            }

            public void setKmsKeyId(@Nullable String kmsKeyId) {
                this.kmsKeyId = kmsKeyId;
            }

            public Map<String, String> getKmsEncryptionContext() {
                return kmsEncryptionContext;
            }

            public void setKmsEncryptionContext(Map<String, String> kmsEncryptionContext) {
                this.kmsEncryptionContext = kmsEncryptionContext;
            }

            public @Nullable String getCustomerKey() {
                return customerKey;
            }

            public void setCustomerKey(@Nullable String customerKey) {
                this.customerKey = customerKey;
            }

            /** The kinds of server-side encryption. */
            public enum Type {

                /** No encryption header: the bucket's default encryption applies. */
                NONE,

                /** SSE-S3: keys managed by S3 (AES256). */
                SSE_S3,

                /** SSE-KMS: a KMS key, checkpoint.s3.encryption.kms-key-id. */
                SSE_KMS,

                /** SSE-C: the customer key checkpoint.s3.encryption.customer-key. */
                SSE_C
            }
        }
    }

    /** Settings of the scheduled orphan cleanup. */
    public static class OrphanCleanup {

        /**
         * Whether to delete orphaned state (a sidecar without a manifest) on a schedule.
         */
        private boolean enabled = true;

        /**
         * Time between the end of one cleanup and the start of the next.
         */
        private Duration interval = Duration.ofMinutes(10);

        /**
         * Time from startup to the first cleanup.
         */
        private Duration initialDelay = Duration.ofMinutes(1);

        /**
         * How old orphaned state must be before it is deleted; younger state may belong to a save in progress
         * in another process. At least 1m for the filesystem and s3 backends.
         */
        private Duration minAge = CheckpointStore.DEFAULT_ORPHAN_MIN_AGE;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public Duration getMinAge() {
            return minAge;
        }

        public void setMinAge(Duration minAge) {
            this.minAge = minAge;
        }
    }

    /** Settings of the recovery walks made by health checks and the endpoint. */
    public static class Recovery {

        /**
         * How long health checks and the endpoint reuse a recovery walk.
         */
        private Duration cacheTtl = Duration.ofSeconds(30);

        public Duration getCacheTtl() {
            return cacheTtl;
        }

        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }
    }
}
