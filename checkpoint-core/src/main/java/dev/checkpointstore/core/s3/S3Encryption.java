package dev.checkpointstore.core.s3;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * How S3 encrypts the objects a {@link S3CheckpointStore} writes (server-side encryption). The
 * store passes it on every write: PUTs and multipart uploads of manifests, sidecars and the latest
 * pointer. With a customer-provided key (SSE-C) the key goes on every read too (GET, ranged and
 * resumed GETs, HEAD) and on every part of a multipart upload, and S3 requires HTTPS.
 *
 * <ul>
 *   <li>{@link #none()}: no encryption header; the bucket's default encryption applies.</li>
 *   <li>{@link #s3Managed()}: SSE-S3, {@code x-amz-server-side-encryption: AES256}.</li>
 *   <li>{@link #kms(String)}, {@link #kms(String, Map)}: SSE-KMS with a key (or the AWS managed key
 *       {@code aws/s3}) and an optional encryption context.</li>
 *   <li>{@link #customerKey(byte[])}: SSE-C with a 256-bit key the application keeps.</li>
 * </ul>
 */
public sealed interface S3Encryption permits S3Encryption.None, S3Encryption.S3Managed, S3Encryption.Kms,
        S3Encryption.CustomerKey {

    /**
     * No encryption header: the bucket's default encryption applies.
     * @return the setting
     */
    static S3Encryption none() {
        return None.INSTANCE;
    }

    /**
     * SSE-S3: S3 encrypts with keys it manages ({@code AES256}).
     * @return the setting
     */
    static S3Encryption s3Managed() {
        return S3Managed.INSTANCE;
    }

    /**
     * SSE-KMS without an encryption context.
     * @param keyId the KMS key (id, ARN or alias), or null for the AWS managed key {@code aws/s3}
     * @return the setting
     */
    static S3Encryption kms(@Nullable String keyId) {
        return new Kms(keyId, Map.of());
    }

    /**
     * SSE-KMS.
     * @param keyId the KMS key (id, ARN or alias), or null for the AWS managed key {@code aws/s3}
     * @param encryptionContext the encryption context, empty for none
     * @return the setting
     */
    static S3Encryption kms(@Nullable String keyId, Map<String, String> encryptionContext) {
        return new Kms(keyId, encryptionContext);
    }

    /**
     * SSE-C: S3 encrypts with a key the application provides on every request and never stores.
     * @param key the 256-bit AES key, 32 bytes (copied)
     * @return the setting
     */
    static S3Encryption customerKey(byte[] key) {
        return new CustomerKey(key);
    }

    /**
     * SSE-C with the key in base64.
     * @param base64Key the 256-bit AES key, base64-encoded
     * @return the setting
     * @throws IllegalArgumentException when it is not base64 of 32 bytes (the message does not show the key)
     */
    static S3Encryption customerKey(String base64Key) {
        Objects.requireNonNull(base64Key, "base64Key");
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("the SSE-C customer key must be base64 (of 32 bytes), and is not");
        }
        return new CustomerKey(key);
    }

    /** No encryption header. */
    record None() implements S3Encryption {

        static final None INSTANCE = new None();
    }

    /** SSE-S3. */
    record S3Managed() implements S3Encryption {

        static final S3Managed INSTANCE = new S3Managed();
    }

    /**
     * SSE-KMS.
     * @param keyId the KMS key, null for the AWS managed key
     * @param encryptionContext the encryption context, sorted by key, empty for none
     */
    record Kms(@Nullable String keyId, Map<String, String> encryptionContext) implements S3Encryption {

        /**
         * Checks and copies the setting.
         * @param keyId the KMS key, null for the AWS managed key; not blank
         * @param encryptionContext the encryption context, copied and sorted by key
         */
        public Kms {
            if (keyId != null && keyId.isBlank()) {
                throw new IllegalArgumentException("the KMS key id must not be blank; leave it out for the AWS managed"
                        + " key aws/s3");
            }
            encryptionContext = sorted(encryptionContext);
        }

        /**
         * The encryption context as S3 takes it in {@code x-amz-server-side-encryption-context}:
         * base64 of its JSON object.
         * @return the header value, null when the context is empty
         */
        @Nullable String encodedContext() {
            if (encryptionContext.isEmpty()) {
                return null;
            }
            StringWriter json = new StringWriter();
            try (JsonGenerator generator = JsonFactory.builder().build().createGenerator(ObjectWriteContext.empty(),
                    json)) {
                generator.writeStartObject();
                for (Map.Entry<String, String> entry : encryptionContext.entrySet()) {
                    generator.writeStringProperty(entry.getKey(), entry.getValue());
                }
                generator.writeEndObject();
            }
            return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        }

        private static Map<String, String> sorted(Map<String, String> context) {
            Objects.requireNonNull(context, "encryptionContext");
            SortedMap<String, String> copy = new TreeMap<>();
            context.forEach((key, value) -> {
                if (key == null || key.isEmpty() || value == null) {
                    throw new IllegalArgumentException("the KMS encryption context must map non-empty keys to values,"
                            + " was " + context);
                }
                copy.put(key, value);
            });
            return Collections.unmodifiableSortedMap(copy);
        }
    }

    /**
     * SSE-C. Its {@link #toString()} and failure messages never show the key.
     */
    final class CustomerKey implements S3Encryption {

        /** The algorithm S3 takes for SSE-C. */
        static final String ALGORITHM = "AES256";

        private final byte[] key;

        private CustomerKey(byte[] key) {
            Objects.requireNonNull(key, "key");
            if (key.length != 32) {
                throw new IllegalArgumentException("the SSE-C customer key must be 256 bits (32 bytes), was "
                        + key.length + " bytes");
            }
            this.key = key.clone();
        }

        /** @return the key, base64-encoded, for {@code x-amz-server-side-encryption-customer-key} */
        String base64Key() {
            return Base64.getEncoder().encodeToString(key);
        }

        /** @return the key's MD5, base64-encoded, for {@code x-amz-server-side-encryption-customer-key-MD5} */
        String base64KeyMd5() {
            try {
                return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("MD5 is not available", ex);
            }
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof CustomerKey that && MessageDigest.isEqual(key, that.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "CustomerKey[AES256, key hidden]";
        }
    }
}
