package dev.checkpointstore.core;

import org.jspecify.annotations.Nullable;

/**
 * A checkpoint, or a part of one, that an operation needs does not exist.
 */
public class CheckpointNotFoundException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what failed, naming the checkpoint and location
     */
    public CheckpointNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what failed, naming the checkpoint and location
     * @param cause the underlying failure
     */
    public CheckpointNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
