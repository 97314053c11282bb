package dev.checkpointstore.core.azure;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.objectstore.ObjectLayout;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.models.BlobRequestConditions;

/**
 * The {@code latest.json} pointer as a compare-and-swap register on a blob's ETag: a move is a Put
 * Blob with {@code If-Match: <etag>} (or {@code If-None-Match: *} when there is no pointer). When
 * another writer got there first (412 {@code ConditionNotMet}, 409 {@code BlobAlreadyExists}, or
 * 404 for a deleted pointer) the pointer is read again and the move retried while our id is still
 * higher, so it never moves back. A write whose outcome is unknown (the client's retries ran out)
 * is settled the same way: the pointer is read again, and names our id when the write landed.
 *
 * <p>The version last written or read is cached, so a single writer's move is one request. A
 * compare-and-swap that fails, or a read that finds a version this store did not write, means
 * another writer moved the pointer; {@link #takeMovedByOthers()} tells the store, which then lists
 * before it prunes.
 */
final class AzureLatestPointer {

    /** How many times a move yields to other writers before giving up. */
    private static final int MAX_CONTENDED_ROUNDS = 64;

    /** How many times a write whose outcome is unknown is settled and tried again. */
    private static final int MAX_UNKNOWN_OUTCOMES = 3;

    private record Version(long id, @Nullable String etag) {
    }

    private final AzureContainer container;
    private final String blob;
    private final AtomicReference<@Nullable Version> cached = new AtomicReference<>();
    private final AtomicBoolean movedByOthers = new AtomicBoolean();
    private volatile @Nullable String writtenEtag;

    AzureLatestPointer(AzureContainer container, String blob) {
        this.container = container;
        this.blob = blob;
    }

    /**
     * Reads the pointer (one GET) and caches its version.
     * @return the id it names, or empty when there is none or it is blank
     * @throws CorruptCheckpointException when it cannot be parsed
     */
    OptionalLong read() {
        var found = container.get(blob, "read the latest pointer at", 64 * 1024,
                size -> new CorruptCheckpointException("latest pointer at " + container.location(blob) + " is " + size
                        + " bytes, not a pointer"));
        if (!Objects.equals(found.map(AzureContainer.Blob::etag).orElse(null), writtenEtag)) {
            movedByOthers.set(true);
        }
        if (found.isEmpty()) {
            cached.set(new Version(0, null));
            return OptionalLong.empty();
        }
        OptionalLong id;
        try {
            id = ObjectLayout.parsePointer(found.get().bytes(), container.location(blob));
        }
        catch (CorruptCheckpointException ex) {
            cached.set(new Version(0, found.get().etag()));
            throw ex;
        }
        cached.set(new Version(id.orElse(0), found.get().etag()));
        return id;
    }

    /**
     * Moves the pointer to {@code checkpointId} unless it names that id or a higher one already.
     * @param checkpointId the id just saved
     */
    void advanceTo(long checkpointId) {
        BinaryData json = BinaryData.fromBytes(ObjectLayout.pointerJson(checkpointId));
        int unknownOutcomes = 0;
        for (int round = 0; round < MAX_CONTENDED_ROUNDS; round++) {
            Version seen = cached.get();
            if (seen == null) {
                seen = current();
            }
            if (Long.compareUnsigned(seen.id(), checkpointId) >= 0) {
                return;
            }
            BlobRequestConditions condition = seen.etag() == null ? new BlobRequestConditions().setIfNoneMatch("*")
                    : new BlobRequestConditions().setIfMatch(seen.etag());
            try {
                String etag = container.putOnce(blob, json, condition, AzureContainer.JSON);
                writtenEtag = etag;
                cached.set(new Version(checkpointId, etag));
                return;
            }
            catch (RuntimeException ex) {
                cached.set(null);
                switch (AzureFailures.kind(ex)) {
                    case PRECONDITION_FAILED, ALREADY_EXISTS, NOT_FOUND -> movedByOthers.set(true);
                    case TRANSIENT -> {
                        // the write may or may not have landed: reading the pointer again tells
                        if (++unknownOutcomes > MAX_UNKNOWN_OUTCOMES) {
                            throw failure(checkpointId, ex);
                        }
                    }
                    default -> throw failure(checkpointId, ex);
                }
            }
        }
        throw new CheckpointBackendException("cannot move the latest pointer at " + container.location(blob)
                + " to checkpoint " + Long.toUnsignedString(checkpointId) + ": other writers moved it "
                + MAX_CONTENDED_ROUNDS + " times in a row");
    }

    /**
     * Whether another writer moved the pointer since the last call. Clears the signal.
     * @return true when another writer has been at work
     */
    boolean takeMovedByOthers() {
        return movedByOthers.getAndSet(false);
    }

    /** Raises the signal again, for a caller that could not act on it. */
    void markMovedByOthers() {
        movedByOthers.set(true);
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

    private CheckpointBackendException failure(long checkpointId, RuntimeException ex) {
        return container.failures().failure("move the latest pointer to checkpoint " + Long.toUnsignedString(checkpointId)
                + " at", blob, ex);
    }
}
