package dev.checkpointstore.core.s3;

import java.nio.charset.StandardCharsets;
import java.util.List;

import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Finds out whether a bucket honours conditional writes: it creates a fresh probe key twice with
 * {@code If-None-Match: *} and expects the second create to be refused (412), then deletes the
 * probe. Three requests; a missing bucket or rejected credentials fail here, at startup.
 */
final class ConditionalWriteProbe {

    private enum Outcome { CREATED, REFUSED, HEADER_REJECTED }

    private ConditionalWriteProbe() {
    }

    /**
     * Probes the bucket.
     * @param bucket the bucket
     * @param key a probe key no one else uses, under the store's prefix and outside its checkpoint keys
     * @return true when the store refuses to create an existing key
     */
    static boolean honoursConditionalWrites(S3Bucket bucket, String key) {
        byte[] body = ("checkpoint-store conditional write probe " + key).getBytes(StandardCharsets.UTF_8);
        Outcome first = create(bucket, key, body);
        if (first != Outcome.CREATED) {
            // the key is fresh, so a refusal means a retried create of ours had landed
            if (first == Outcome.REFUSED) {
                delete(bucket, key);
            }
            return first == Outcome.REFUSED;
        }
        try {
            return create(bucket, key, body) == Outcome.REFUSED;
        }
        finally {
            delete(bucket, key);
        }
    }

    private static void delete(S3Bucket bucket, String key) {
        bucket.deleteAll(List.of(key), "delete the conditional write probe");
    }

    private static Outcome create(S3Bucket bucket, String key, byte[] body) {
        return bucket.retried("probe conditional writes with", key, () -> {
            try {
                bucket.putOnce(key, RequestBody.fromBytes(body), r -> r.ifNoneMatch("*"));
                return Outcome.CREATED;
            }
            catch (RuntimeException ex) {
                return switch (S3Failures.kind(ex)) {
                    case PRECONDITION_FAILED, CONFLICT -> Outcome.REFUSED;
                    default -> {
                        if (S3Failures.isNotImplemented(ex)) {
                            yield Outcome.HEADER_REJECTED;
                        }
                        throw ex;
                    }
                };
            }
        });
    }
}
