package dev.checkpointstore.spring.coordinator;

import org.springframework.context.ApplicationEvent;

/**
 * Published after the coordinator took a checkpoint: saved, with its sinks committed (or their
 * failure recorded). Published on the checkpointing thread, before {@code checkpoint()} returns.
 */
public class CheckpointCompletedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient CheckpointResult result;

    /**
     * Creates an event.
     * @param coordinator the coordinator that took the checkpoint
     * @param result the checkpoint
     */
    public CheckpointCompletedEvent(CheckpointCoordinator coordinator, CheckpointResult result) {
        super(coordinator);
        this.result = result;
    }

    /**
     * The checkpoint.
     * @return what was saved and committed
     */
    public CheckpointResult getResult() {
        return result;
    }
}
