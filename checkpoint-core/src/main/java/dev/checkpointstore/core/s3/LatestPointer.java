package dev.checkpointstore.core.s3;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.objectstore.ObjectLayout;

import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The {@code latest.json} pointer as a compare-and-swap register. A move is a PUT conditioned on
 * the version last seen ({@code If-Match: <etag>}, or {@code If-None-Match: *} when there is no
 * pointer); when another writer got there first (412, or 404 for a deleted pointer, or 409) the
 * pointer is read again and the move retried while our id is still higher. Every write is
 * conditioned on the exact version it replaces and only ever replaces a lower id, so the pointer
 * never moves back, whatever the interleaving of writers.
 *
 * <p>The version last written or read is cached, so a single writer's move is one PUT.
 *
 * <p>It also notices other writers: a compare-and-swap that fails, or a read that finds a version
 * this store did not write, means another writer moved the pointer (and so saved checkpoints this
 * store has not seen). {@link #takeMovedByOthers()} tells the store, which then lists before it
 * prunes.
 */
final class LatestPointer {

    /** How many times a move yields to other writers before giving up. */
    private static final int MAX_CONTENDED_ROUNDS = 64;

    /** A version of the pointer: the id it names (0 for none or unreadable) and its ETag (null when absent). */
    private record Version(long id, @Nullable String etag) {
    }

    private final S3Bucket bucket;
    private final String key;
    private final boolean conditional;
    private final AtomicReference<@Nullable Version> cached = new AtomicReference<>();
    private final AtomicBoolean movedByOthers = new AtomicBoolean();
    private volatile @Nullable String writtenEtag;

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

    /**
     * Reads the pointer (one GET) and caches its version.
     * @return the id it names, or empty when there is none or it is blank
     * @throws CorruptCheckpointException when it cannot be parsed
     */
    OptionalLong read() {
        var blob = bucket.get(key, "read the latest pointer", 64 * 1024,
                size -> new CorruptCheckpointException("latest pointer at " + bucket.location(key) + " is " + size
                        + " bytes, not a pointer"));
        noticeOthers(blob.map(S3Bucket.Blob::etag).orElse(null));
        if (blob.isEmpty()) {
            cached.set(new Version(0, null));
            return OptionalLong.empty();
        }
        OptionalLong id;
        try {
            id = ObjectLayout.parsePointer(blob.get().bytes(), bucket.location(key));
        }
        catch (CorruptCheckpointException ex) {
            cached.set(new Version(0, blob.get().etag()));
            throw ex;
        }
        cached.set(new Version(id.orElse(0), blob.get().etag()));
        return id;
    }

    /**
     * Moves the pointer to {@code checkpointId} unless it names that id or a higher one already.
     * A single writer with a cached version needs one PUT; a stale cache costs a GET and a PUT
     * more for each writer that moved the pointer in between.
     * @param checkpointId the id just saved
     */
    void advanceTo(long checkpointId) {
        byte[] json = ObjectLayout.pointerJson(checkpointId);
        int transientFailures = 0;
        for (int round = 0; round < MAX_CONTENDED_ROUNDS; round++) {
            Version seen = cached.get();
            if (seen == null) {
                seen = current();
            }
            if (Long.compareUnsigned(seen.id(), checkpointId) >= 0) {
                return;
            }
            try {
                String etag = write(json, seen);
                writtenEtag = etag;
                cached.set(etag == null ? null : new Version(checkpointId, etag));
                return;
            }
            catch (CheckpointBackendException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                cached.set(null);
                switch (S3Failures.kind(ex)) {
                    case PRECONDITION_FAILED, NOT_FOUND -> movedByOthers.set(true);
                    case CONFLICT -> {
                        movedByOthers.set(true);
                        bucket.backoff().pause(1);
                    }
                    case TRANSIENT -> {
                        // the write may or may not have landed: reading the pointer again tells
                        transientFailures++;
                        if (transientFailures >= bucket.backoff().maxAttempts()) {
                            throw failure(checkpointId, ex);
                        }
                        bucket.backoff().pause(transientFailures);
                    }
                    default -> throw failure(checkpointId, ex);
                }
            }
        }
        throw new CheckpointBackendException("cannot move the latest pointer at " + bucket.location(key) + " to checkpoint "
                + checkpointId + ": other writers moved it " + MAX_CONTENDED_ROUNDS + " times in a row");
    }

    /**
     * Whether another writer moved the pointer since the last call: a compare-and-swap failed or a
     * read found a version this store did not write. Clears the signal.
     * @return true when another writer has been at work
     */
    boolean takeMovedByOthers() {
        return movedByOthers.getAndSet(false);
    }

    /** Raises the signal again, for a caller that could not act on it. */
    void markMovedByOthers() {
        movedByOthers.set(true);
    }

    private void noticeOthers(@Nullable String etag) {
        if (!Objects.equals(etag, writtenEtag)) {
            movedByOthers.set(true);
        }
    }

    private Version current() {
        try {
            read();
        }
        catch (CorruptCheckpointException ex) {
            // an unreadable pointer names no checkpoint; a valid one replaces it
        }
        Version version = cached.get();
        return version == null ? new Version(0, null) : version;
    }

    private @Nullable String write(byte[] json, Version seen) {
        RequestBody body = RequestBody.fromBytes(json);
        if (!conditional) {
            return bucket.put(key, "move the latest pointer at", body).eTag();
        }
        return bucket.putOnce(key, body, seen.etag() == null ? r -> r.ifNoneMatch("*") : r -> r.ifMatch(seen.etag()))
                .eTag();
    }

    private CheckpointBackendException failure(long checkpointId, RuntimeException ex) {
        return bucket.failures().failure("move the latest pointer to checkpoint " + Long.toUnsignedString(checkpointId) + " at", key, ex);
    }
}
