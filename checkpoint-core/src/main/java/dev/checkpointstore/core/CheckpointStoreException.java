package dev.checkpointstore.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every failure a {@link CheckpointStore} reports. Messages name the checkpoint and
 * the path or object key involved.
 */
public class CheckpointStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what failed, naming the checkpoint and location
     */
    public CheckpointStoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what failed, naming the checkpoint and location
     * @param cause the underlying failure
     */
    public CheckpointStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
