package dev.checkpointstore.core;

import org.jspecify.annotations.Nullable;

/**
 * The backend refused or could not be reached: a missing bucket, bad credentials, a network failure.
 */
public class CheckpointBackendException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what failed, naming the checkpoint and location
     */
    public CheckpointBackendException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what failed, naming the checkpoint and location
     * @param cause the underlying failure
     */
    public CheckpointBackendException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
