package dev.checkpointstore.core.objectstore;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CorruptCheckpointException;

/**
 * The {@code latest.json} pointer of an object store as a compare-and-swap register on the object's
 * ETag. A move is a write conditioned on the version last seen ({@code If-Match: <etag>}, or
 * {@code If-None-Match: *} when there is no pointer); when another writer got there first the
 * pointer is read again and the move retried while our id is still higher. Every write replaces
 * only the exact version it read and only a lower id, so the pointer never moves back, whatever
 * the interleaving of writers. A write whose outcome is unknown is settled the same way: the
 * pointer is read again, and names our id when the write landed.
 *
 * <p>The version last written or read is cached, so a single writer's move is one request. A
 * compare-and-swap that fails, or a read that finds a version this store did not write, means
 * another writer moved the pointer (and saved checkpoints this store has not seen):
 * {@link #takeMovedByOthers()} tells the store, which then lists before it prunes.
 *
 * <p>A backend supplies the requests ({@link #get()}, {@link #write}) and says what a failed write
 * means ({@link #settle}).
 */
public abstract class VersionedPointer {

    /** How many times a move yields to other writers before giving up. */
    private static final int MAX_CONTENDED_ROUNDS = 64;

    /**
     * The pointer object as read.
     * @param bytes its content
     * @param etag its version, or null when the backend sent none
     */
    public record Stored(byte[] bytes, @Nullable String etag) {
    }

    /** What a failed write means, when it does not fail the move. */
    protected enum WriteFailure {
        /** Another writer moved or removed the pointer: read it again and retry. */
        MOVED,
        /** The write may or may not have landed: read the pointer again and retry. */
        UNKNOWN
    }

    /** A version of the pointer: the id it names (0 for none or unreadable) and its ETag (null when absent). */
    private record Version(long id, @Nullable String etag) {
    }

    private final AtomicReference<@Nullable Version> cached = new AtomicReference<>();
    private final AtomicBoolean movedByOthers = new AtomicBoolean();
    private volatile @Nullable String writtenEtag;

    /** For subclasses. */
    protected VersionedPointer() {
    }

    /**
     * Reads the pointer object, one GET.
     * @return it, or empty when there is none
     * @throws CorruptCheckpointException when it is too large to be a pointer
     */
    protected abstract Optional<Stored> get();

    /**
     * Writes the pointer once, without retrying.
     * @param json the new pointer
     * @param expectedEtag the version it must replace, or null when there must be none
     * @return the new version's ETag, or null when the backend cannot tell it
     */
    protected abstract @Nullable String write(byte[] json, @Nullable String expectedEtag);

    /**
     * Says what a failed {@link #write} means, or throws the failure that ends the move.
     * @param failure what the write threw
     * @param checkpointId the id the move is for
     * @param unknownSoFar how many writes of this move had an unknown outcome before this one
     * @return how to go on
     */
    protected abstract WriteFailure settle(RuntimeException failure, long checkpointId, int unknownSoFar);

    /**
     * Where the pointer lives, for messages.
     * @return its location
     */
    protected abstract String location();

    /**
     * Reads the pointer (one GET) and caches its version.
     * @return the id it names, or empty when there is none or it is blank
     * @throws CorruptCheckpointException when it cannot be parsed
     */
    public OptionalLong read() {
        Optional<Stored> found = get();
        if (!Objects.equals(found.map(Stored::etag).orElse(null), writtenEtag)) {
            movedByOthers.set(true);
        }
        if (found.isEmpty()) {
            cached.set(new Version(0, null));
            return OptionalLong.empty();
        }
        OptionalLong id;
        try {
            id = ObjectLayout.parsePointer(found.get().bytes(), location());
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
     * A single writer with a cached version needs one write; a stale cache costs a read and a
     * write more for each writer that moved the pointer in between.
     * @param checkpointId the id just saved
     */
    public void advanceTo(long checkpointId) {
        byte[] json = ObjectLayout.pointerJson(checkpointId);
        int unknownOutcomes = 0;
        for (int round = 0; round < MAX_CONTENDED_ROUNDS; round++) {
            Version seen = cached.get();
            if (seen == null) {
                seen = current();
            }
            if (Long.compareUnsigned(seen.id(), checkpointId) >= 0) {
                return;
            }
            try {
                String etag = write(json, seen.etag());
                writtenEtag = etag;
                cached.set(etag == null ? null : new Version(checkpointId, etag));
                return;
            }
            catch (CheckpointBackendException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                cached.set(null);
                if (settle(ex, checkpointId, unknownOutcomes) == WriteFailure.MOVED) {
                    movedByOthers.set(true);
                }
                else {
                    unknownOutcomes++;
                }
            }
        }
        throw new CheckpointBackendException("cannot move the latest pointer at " + location() + " to checkpoint "
                + Long.toUnsignedString(checkpointId) + ": other writers moved it " + MAX_CONTENDED_ROUNDS
                + " times in a row");
    }

    /**
     * Whether another writer moved the pointer since the last call: a compare-and-swap failed or a
     * read found a version this store did not write. Clears the signal.
     * @return true when another writer has been at work
     */
    public boolean takeMovedByOthers() {
        return movedByOthers.getAndSet(false);
    }

    /** Raises the signal again, for a caller that could not act on it. */
    public void markMovedByOthers() {
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
}
