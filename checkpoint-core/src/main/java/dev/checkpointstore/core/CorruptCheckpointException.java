package dev.checkpointstore.core;

import org.jspecify.annotations.Nullable;

/**
 * Stored checkpoint data that cannot be read: unparseable or oversized JSON, a bad pointer, malformed state.
 */
public class CorruptCheckpointException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what failed, naming the checkpoint and location
     */
    public CorruptCheckpointException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what failed, naming the checkpoint and location
     * @param cause the underlying failure
     */
    public CorruptCheckpointException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
