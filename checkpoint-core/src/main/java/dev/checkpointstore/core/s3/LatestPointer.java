package dev.checkpointstore.core.s3;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.objectstore.VersionedPointer;

import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The {@code latest.json} pointer in a bucket: a PUT conditioned on the version last seen. Another
 * writer got there first on a 412, a 404 (the pointer was deleted) or a 409 (a concurrent
 * conditional write, retried after a pause); a retryable failure is an unknown outcome, settled by
 * reading the pointer again, up to the bucket's retry budget with its backoff. Where the store does
 * not honour conditional writes a move is a read then a plain PUT, which concurrent writers can
 * interleave.
 */
final class LatestPointer extends VersionedPointer {

    private final S3Bucket bucket;
    private final String key;
    private final boolean conditional;

    /**
     * @param bucket the bucket
     * @param key the pointer's key
     * @param conditional whether the store honours conditional writes; without them a move is a
     *     read then a plain write, which concurrent writers can interleave
     */
    LatestPointer(S3Bucket bucket, String key, boolean conditional) {
        this.bucket = bucket;
        this.key = key;
        this.conditional = conditional;
    }

    @Override
    protected Optional<Stored> get() {
        return bucket.get(key, "read the latest pointer", 64 * 1024,
                size -> new CorruptCheckpointException("latest pointer at " + bucket.location(key) + " is " + size
                        + " bytes, not a pointer"))
                .map(blob -> new Stored(blob.bytes(), blob.etag()));
    }

    @Override
    protected @Nullable String write(byte[] json, @Nullable String expectedEtag) {
        RequestBody body = RequestBody.fromBytes(json);
        if (!conditional) {
            return bucket.put(key, "move the latest pointer at", body).eTag();
        }
        return bucket.putOnce(key, body, expectedEtag == null ? r -> r.ifNoneMatch("*") : r -> r.ifMatch(expectedEtag))
                .eTag();
    }

    @Override
    protected WriteFailure settle(RuntimeException failure, long checkpointId, int unknownSoFar) {
        return switch (S3Failures.kind(failure)) {
            case PRECONDITION_FAILED, NOT_FOUND -> WriteFailure.MOVED;
            case CONFLICT -> {
                bucket.backoff().pause(1);
                yield WriteFailure.MOVED;
            }
            case TRANSIENT -> {
                int unknown = unknownSoFar + 1;
                if (unknown >= bucket.backoff().maxAttempts()) {
                    throw failure(checkpointId, failure);
                }
                bucket.backoff().pause(unknown);
                yield WriteFailure.UNKNOWN;
            }
            default -> throw failure(checkpointId, failure);
        };
    }

    @Override
    protected String location() {
        return bucket.location(key);
    }

    private CheckpointBackendException failure(long checkpointId, RuntimeException ex) {
        return bucket.failures().failure("move the latest pointer to checkpoint " + Long.toUnsignedString(checkpointId) + " at", key, ex);
    }
}
