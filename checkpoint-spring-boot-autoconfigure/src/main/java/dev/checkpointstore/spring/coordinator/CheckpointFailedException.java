package dev.checkpointstore.spring.coordinator;

/**
 * A checkpoint that could not be taken or saved. Processing goes on; what the failed checkpoint
 * would have held is taken by the next one.
 */
public class CheckpointFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what went wrong
     */
    public CheckpointFailedException(String message) {
        super(message);
    }

    /**
     * Creates an exception.
     * @param message what went wrong
     * @param cause why
     */
    public CheckpointFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
