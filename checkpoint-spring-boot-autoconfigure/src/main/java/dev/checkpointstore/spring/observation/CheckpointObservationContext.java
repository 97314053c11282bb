package dev.checkpointstore.spring.observation;

import java.util.Objects;
import java.util.OptionalLong;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a store operation knows: the operation and the backend from the start,
 * the checkpoint, the bytes, the counts and the outcome as the operation learns them.
 */
public class CheckpointObservationContext extends Observation.Context {

    /** The outcome until the operation ends. */
    public static final String UNKNOWN = "unknown";

    private final CheckpointOperation operation;
    private final String backend;
    private OptionalLong checkpointId = OptionalLong.empty();
    private @Nullable Long bytes;
    private @Nullable Integer examined;
    private @Nullable Integer removed;
    private String outcome = UNKNOWN;

    /**
     * Creates a context.
     * @param operation the operation observed
     * @param backend the store's backend, such as {@code filesystem}
     */
    public CheckpointObservationContext(CheckpointOperation operation, String backend) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * The operation.
     * @return the operation observed
     */
    public CheckpointOperation getOperation() {
        return operation;
    }

    /**
     * The backend.
     * @return {@code filesystem}, {@code s3}, {@code memory} or the class of another store
     */
    public String getBackend() {
        return backend;
    }

    /**
     * The checkpoint: the one saved, read or verified, or the one recovery chose.
     * @return its id (unsigned), empty when there is none
     */
    public OptionalLong getCheckpointId() {
        return checkpointId;
    }

    /**
     * Sets the checkpoint.
     * @param checkpointId its id, empty for none
     */
    public void setCheckpointId(OptionalLong checkpointId) {
        this.checkpointId = Objects.requireNonNull(checkpointId, "checkpointId");
    }

    /**
     * The bytes moved: sidecar state written by a save, a manifest read by a recovery.
     * @return the bytes, null when not known
     */
    public @Nullable Long getBytes() {
        return bytes;
    }

    /**
     * Sets the bytes moved.
     * @param bytes the bytes, null when not known
     */
    public void setBytes(@Nullable Long bytes) {
        this.bytes = bytes;
    }

    /**
     * How many checkpoint ids a recovery listed.
     * @return the count, null for other operations
     */
    public @Nullable Integer getExamined() {
        return examined;
    }

    /**
     * Sets how many checkpoint ids a recovery listed.
     * @param examined the count
     */
    public void setExamined(@Nullable Integer examined) {
        this.examined = examined;
    }

    /**
     * How many checkpoints a prune, or orphans a cleanup, deleted.
     * @return the count, null for other operations
     */
    public @Nullable Integer getRemoved() {
        return removed;
    }

    /**
     * Sets how many were deleted.
     * @param removed the count
     */
    public void setRemoved(@Nullable Integer removed) {
        this.removed = removed;
    }

    /**
     * How the operation ended: {@code success} or {@code failure}; a recovery's {@code latest},
     * {@code fallback}, {@code fresh} or {@code none-valid}; a read's {@code found}, {@code missing}
     * or {@code corrupt}; a verify's {@code valid} or {@code invalid}.
     * @return the outcome, {@value #UNKNOWN} while the operation runs
     */
    public String getOutcome() {
        return outcome;
    }

    /**
     * Sets the outcome.
     * @param outcome how the operation ended
     */
    public void setOutcome(String outcome) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }
}
