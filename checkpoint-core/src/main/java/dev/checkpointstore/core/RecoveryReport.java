package dev.checkpointstore.core;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link CheckpointStore#recoverLatestValidated()} found.
 *
 * @param chosenId the newest valid checkpoint, empty for a fresh start
 * @param skipped the newer checkpoints that were invalid, newest first
 * @param examined how many checkpoint ids the walk started from (LaminarDB's {@code ids.len()}),
 *     whether or not it had to validate them all
 * @param elapsed how long the walk took
 */
public record RecoveryReport(OptionalLong chosenId, List<SkippedCheckpoint> skipped, int examined, Duration elapsed) {

    /** Creates a report. */
    public RecoveryReport {
        skipped = List.copyOf(skipped);
    }

    /**
     * Whether no valid checkpoint was found.
     * @return true when recovery starts from scratch
     */
    public boolean isFreshStart() {
        return chosenId.isEmpty();
    }
}
