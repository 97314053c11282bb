package dev.checkpointstore.sample.pipeline;

/**
 * What the {@link CountingOperator} emits for each event: the key's new count and the new total.
 *
 * @param keyId the key the event counted towards
 * @param count the key's count after the event
 * @param total the running total after the event
 */
public record CountUpdate(int keyId, long count, long total) {
}
