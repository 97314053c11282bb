package dev.checkpointstore.core;

/**
 * Another writer already stored a different manifest under the same checkpoint id. The store left
 * that manifest and the latest pointer untouched.
 */
public class CheckpointConflictException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    private final long checkpointId;

    /**
     * Creates an exception.
     * @param checkpointId the contested id
     * @param message what conflicted, naming both writers' manifests and the location
     */
    public CheckpointConflictException(long checkpointId, String message) {
        super(message);
        this.checkpointId = checkpointId;
    }

    /**
     * The contested checkpoint id.
     * @return the id
     */
    public long checkpointId() {
        return checkpointId;
    }
}
