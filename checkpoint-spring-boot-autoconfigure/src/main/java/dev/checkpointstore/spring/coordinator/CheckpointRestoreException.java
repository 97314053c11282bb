package dev.checkpointstore.spring.coordinator;

/**
 * A checkpoint that cannot be restored into this application: written by another pipeline, with
 * a source position the source cannot read, or a sink that cannot be aligned with it. Startup
 * fails with it rather than going on with state that does not match the output.
 */
public class CheckpointRestoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message what does not fit, and how to fix it
     */
    public CheckpointRestoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception.
     * @param message what does not fit, and how to fix it
     * @param cause why
     */
    public CheckpointRestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
