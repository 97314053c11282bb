package dev.checkpointstore.spring.autoconfigure;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The checkpoint store could not be opened at startup although its properties are well-formed:
 * its endpoint cannot be reached, access to it is denied, or it lacks a feature the store relies
 * on. Startup fails and {@link CheckpointStoreStartupFailureAnalyzer} reports where, what happened
 * and the fix. (A property with a bad value is an {@link InvalidCheckpointPropertyException}.)
 */
public class CheckpointStoreStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String location;
    private final String problem;
    private final String action;

    /**
     * Creates an exception.
     * @param location where the store is, e.g. {@code s3://bucket/prefix/}
     * @param problem what happened
     * @param action how to fix it
     * @param cause the store's failure
     */
    public CheckpointStoreStartupException(String location, String problem, String action, @Nullable Throwable cause) {
        super("Cannot open the checkpoint store at " + location + ": " + problem, cause);
        this.location = Objects.requireNonNull(location, "location");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * Where the store is.
     * @return its location
     */
    public String location() {
        return location;
    }

    /**
     * What happened.
     * @return the problem
     */
    public String problem() {
        return problem;
    }

    /**
     * How to fix it.
     * @return the action
     */
    public String action() {
        return action;
    }
}
