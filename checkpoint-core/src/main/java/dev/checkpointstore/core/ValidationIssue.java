package dev.checkpointstore.core;

import java.util.Objects;

/**
 * One finding of {@link CheckpointStore#validateCheckpoint(long)}.
 *
 * @param fatal whether the checkpoint is unusable because of it
 * @param message what is wrong
 */
public record ValidationIssue(boolean fatal, String message) {

    /** Creates an issue. */
    public ValidationIssue {
        Objects.requireNonNull(message, "message");
    }

    /**
     * A fatal issue.
     * @param message what is wrong
     * @return the issue
     */
    public static ValidationIssue fatal(String message) {
        return new ValidationIssue(true, message);
    }

    /**
     * A warning: the checkpoint is still usable.
     * @param message what is odd
     * @return the issue
     */
    public static ValidationIssue warning(String message) {
        return new ValidationIssue(false, message);
    }
}
