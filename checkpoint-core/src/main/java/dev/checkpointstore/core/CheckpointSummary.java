package dev.checkpointstore.core;

/**
 * One checkpoint as {@link CheckpointStore#list()} reports it.
 *
 * @param id the checkpoint id
 * @param epoch its epoch
 * @param timestampMs its creation time in ms since the Unix epoch (0 when missing)
 */
public record CheckpointSummary(long id, long epoch, long timestampMs) {
}
