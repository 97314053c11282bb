package dev.checkpointstore.spring;

import dev.checkpointstore.core.CheckpointStoreException;

/**
 * The startup recovery could not read the store. The application does not start: starting fresh
 * would silently drop the state it should have restored.
 */
public class CheckpointRecoveryException extends CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    private final String location;

    /**
     * Creates an exception.
     * @param location the store's location
     * @param cause the store's failure
     */
    public CheckpointRecoveryException(String location, CheckpointStoreException cause) {
        super("checkpoint recovery at " + location + " failed: " + cause.getMessage(), cause);
        this.location = location;
    }

    /**
     * Where the store is.
     * @return the store's location
     */
    public String location() {
        return location;
    }
}
