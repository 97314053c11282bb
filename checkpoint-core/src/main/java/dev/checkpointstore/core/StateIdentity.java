package dev.checkpointstore.core;

import java.util.Objects;

/**
 * The identity of a checkpoint's sidecar as its backend records it, read from metadata without
 * reading the bytes: the size and a version that the backend changes whenever the sidecar is
 * written. Two equal identities of one checkpoint, read at different times, mean the sidecar was
 * not rewritten in between (as far as the backend can tell), so a checksum verified under the
 * first still holds under the second; a cache of validation results keys on it
 * ({@link CheckpointStore#stateIdentity}). Versions are compared for equality only, and only
 * between identities of the same checkpoint in the same store.
 *
 * @param size the sidecar's length in bytes
 * @param version what the backend changes on every write: on the filesystem the modification and
 *     status-change times and the file key (inode), on S3 the ETag, in memory a write counter
 */
public record StateIdentity(long size, String version) {

    /** Creates an identity. */
    public StateIdentity {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        Objects.requireNonNull(version, "version");
    }
}
