package dev.checkpointstore.sample.pipeline;

/**
 * One event of the {@link EventStream}.
 *
 * @param offset the event's position in the stream, from 0
 * @param keyId the key it counts towards, {@code 0 <= keyId < keys}
 * @param value the value it adds to the running total, 1..128
 */
public record SourceEvent(long offset, int keyId, int value) {
}
