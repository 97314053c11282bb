package dev.checkpointstore.core;

/**
 * A checkpoint that recovery passed over.
 *
 * @param id the checkpoint id
 * @param reason all its validation issues, warnings included, joined by {@code "; "} in LaminarDB's
 *     order ({@link ValidationResult#reason()})
 */
public record SkippedCheckpoint(long id, String reason) {
}
