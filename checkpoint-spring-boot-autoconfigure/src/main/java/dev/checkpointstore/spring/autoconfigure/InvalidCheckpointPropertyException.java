package dev.checkpointstore.spring.autoconfigure;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A {@code checkpoint.*} property has a value the starter cannot use. Startup fails and
 * {@link InvalidCheckpointPropertyFailureAnalyzer} reports the property, its value, the problem
 * and the fix.
 */
public class InvalidCheckpointPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final @Nullable String value;
    private final String problem;
    private final String action;

    /**
     * Creates an exception.
     * @param property the property, in its canonical form ({@code checkpoint.vnode-count})
     * @param value its value, null when it is not set
     * @param problem what is wrong with it
     * @param action how to fix it
     */
    public InvalidCheckpointPropertyException(String property, @Nullable Object value, String problem, String action) {
        this(property, value, problem, action, null);
    }

    /**
     * Creates an exception with a cause.
     * @param property the property, in its canonical form ({@code checkpoint.vnode-count})
     * @param value its value, null when it is not set
     * @param problem what is wrong with it
     * @param action how to fix it
     * @param cause the failure that revealed the problem
     */
    public InvalidCheckpointPropertyException(String property, @Nullable Object value, String problem, String action,
            @Nullable Throwable cause) {
        super("Invalid value " + (value == null ? "(not set)" : "'" + value + "'") + " for property '" + property
                + "': " + problem, cause);
        this.property = Objects.requireNonNull(property, "property");
        this.value = value == null ? null : value.toString();
        this.problem = Objects.requireNonNull(problem, "problem");
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * The property.
     * @return its canonical name
     */
    public String property() {
        return property;
    }

    /**
     * The value.
     * @return the value as text, or null when the property is not set
     */
    public @Nullable String value() {
        return value;
    }

    /**
     * What is wrong.
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
