package dev.checkpointstore.spring;

import org.springframework.context.ApplicationEvent;

/**
 * Published when an orphan cleanup, scheduled or asked for through the endpoint, deleted orphaned state.
 */
public class CheckpointOrphansRemovedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final int removed;
    private final String location;

    /**
     * Creates an event.
     * @param source the cleaner that ran
     * @param removed how many orphans were deleted, positive
     * @param location where the store is
     */
    public CheckpointOrphansRemovedEvent(Object source, int removed, String location) {
        super(source);
        this.removed = removed;
        this.location = location;
    }

    /**
     * How many orphans were deleted.
     * @return the count
     */
    public int removed() {
        return removed;
    }

    /**
     * Where the store is.
     * @return the store's location
     */
    public String location() {
        return location;
    }
}
