package dev.checkpointstore.spring.observation;

/**
 * The store operations that are observed, as the {@code operation} key of an observation.
 */
public enum CheckpointOperation {

    /** A save: {@code save} or {@code saveWithState}, sidecar, manifest, pointer and auto-prune. */
    SAVE("save"),

    /** A recovery walk: the parent of one {@link #RECOVERY_LIST} and a read and a verify per checkpoint examined. */
    RECOVERY("recovery"),

    /** Listing the checkpoint ids, within a recovery. */
    RECOVERY_LIST("recovery.list"),

    /** Reading one checkpoint's manifest, within a recovery. */
    RECOVERY_READ("recovery.read"),

    /** Validating one checkpoint, its state checksum streamed from the sidecar, within a recovery. */
    RECOVERY_VERIFY("recovery.verify"),

    /** Deleting all but the newest checkpoints. */
    PRUNE("prune"),

    /** Deleting sidecars whose save never completed. */
    ORPHAN_CLEANUP("orphan-cleanup");

    private final String value;

    CheckpointOperation(String value) {
        this.value = value;
    }

    /**
     * The key value.
     * @return the lower-case name, such as {@code recovery.verify}
     */
    public String value() {
        return value;
    }
}
