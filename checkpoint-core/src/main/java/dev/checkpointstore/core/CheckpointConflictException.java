package dev.checkpointstore.core;

import java.util.OptionalLong;

/**
 * Another writer already stored a different manifest (or, on a store that fences sidecars, a
 * different sidecar) under the same checkpoint id. The store left what it found and the latest
 * pointer untouched. Save again under {@link #nextCheckpointId()} when the store could tell it.
 */
public class CheckpointConflictException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    private final long checkpointId;
    /** The next free id, 0 when unknown (0 is never an id). */
    private final long nextCheckpointId;

    /**
     * Creates an exception.
     * @param checkpointId the contested id
     * @param message what conflicted, naming both writers' manifests and the location
     */
    public CheckpointConflictException(long checkpointId, String message) {
        this(checkpointId, message, OptionalLong.empty());
    }

    /**
     * Creates an exception that tells the next free id.
     * @param checkpointId the contested id
     * @param message what conflicted, naming both writers' manifests, the location and the next free id
     * @param nextCheckpointId {@link CheckpointStore#nextCheckpointId()} when the conflict was found,
     *     empty when it could not be read
     */
    public CheckpointConflictException(long checkpointId, String message, OptionalLong nextCheckpointId) {
        super(message);
        this.checkpointId = checkpointId;
        this.nextCheckpointId = nextCheckpointId.orElse(0);
    }

    /**
     * The contested checkpoint id.
     * @return the id
     */
    public long checkpointId() {
        return checkpointId;
    }

    /**
     * The id a save can take instead: one past every id the store holds anything under.
     * @return the id, or empty when the store did not read it
     */
    public OptionalLong nextCheckpointId() {
        return nextCheckpointId == 0 ? OptionalLong.empty() : OptionalLong.of(nextCheckpointId);
    }
}
