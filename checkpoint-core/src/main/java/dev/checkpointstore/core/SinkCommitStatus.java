package dev.checkpointstore.core;

import java.util.Objects;

/**
 * Whether a sink has committed the epoch of a checkpoint. In JSON: {@code "Pending"},
 * {@code "Committed"} or {@code {"Failed": "reason"}}.
 */
public sealed interface SinkCommitStatus permits SinkCommitStatus.Pending, SinkCommitStatus.Committed,
        SinkCommitStatus.Failed {

    /** The shared {@link Pending} value. */
    SinkCommitStatus PENDING = new Pending();

    /** The shared {@link Committed} value. */
    SinkCommitStatus COMMITTED = new Committed();

    /**
     * A failed commit.
     * @param reason why the commit failed
     * @return the status
     */
    static SinkCommitStatus failed(String reason) {
        return new Failed(reason);
    }

    /** The sink has not committed yet. */
    record Pending() implements SinkCommitStatus {
    }

    /** The sink committed. */
    record Committed() implements SinkCommitStatus {
    }

    /**
     * The sink failed to commit.
     * @param reason why
     */
    record Failed(String reason) implements SinkCommitStatus {

        /** Creates a failed status. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
