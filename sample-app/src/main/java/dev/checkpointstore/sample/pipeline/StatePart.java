package dev.checkpointstore.sample.pipeline;

/**
 * One named piece of operator state, stored as one entry of the manifest's
 * {@code operator_states}: inline when small, in the sidecar when large.
 *
 * @param name the entry's name
 * @param bytes the serialized state
 */
public record StatePart(String name, byte[] bytes) {
}
