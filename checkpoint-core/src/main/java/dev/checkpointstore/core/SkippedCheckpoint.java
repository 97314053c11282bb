package dev.checkpointstore.core;

/**
 * A checkpoint that recovery passed over.
 *
 * @param id the checkpoint id
 * @param reason its fatal validation issues joined by {@code "; "}
 */
public record SkippedCheckpoint(long id, String reason) {
}
