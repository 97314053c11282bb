package dev.checkpointstore.core;

import org.jspecify.annotations.Nullable;

/**
 * An I/O failure of the storage medium: a full disk, a missing permission, a broken file system.
 */
public class CheckpointIoException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what failed, naming the checkpoint and location
     */
    public CheckpointIoException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message what failed, naming the checkpoint and location
     * @param cause the underlying failure
     */
    public CheckpointIoException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
