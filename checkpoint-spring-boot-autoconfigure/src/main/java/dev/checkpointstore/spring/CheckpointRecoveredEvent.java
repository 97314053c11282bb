package dev.checkpointstore.spring;

import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.context.ApplicationEvent;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.RecoveryReport;

/**
 * Published once, after every singleton is created and before lifecycle beans start, with the
 * startup {@link CheckpointRecovery}.
 */
public class CheckpointRecoveredEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient CheckpointRecovery recovery;

    /**
     * Creates an event.
     * @param recovery the startup recovery, also the event's source
     */
    public CheckpointRecoveredEvent(CheckpointRecovery recovery) {
        super(recovery);
        this.recovery = recovery;
    }

    /**
     * The startup recovery.
     * @return the recovery
     */
    public CheckpointRecovery recovery() {
        return recovery;
    }

    /**
     * The recovery walk's report.
     * @return the report
     */
    public RecoveryReport report() {
        return recovery.report();
    }

    /**
     * The manifest to restore from.
     * @return the manifest, empty on a fresh start or when no checkpoint is valid
     */
    public Optional<CheckpointManifest> manifest() {
        return recovery.manifest();
    }

    /**
     * The id to restore from.
     * @return the id, empty on a fresh start or when no checkpoint is valid
     */
    public OptionalLong chosenId() {
        return recovery.chosenId();
    }
}
