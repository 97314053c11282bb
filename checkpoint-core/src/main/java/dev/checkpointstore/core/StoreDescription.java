package dev.checkpointstore.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What a store is, in its own words: which backend, where, and the settings it was built with.
 * Tools that show or measure a store (an actuator endpoint, metric tags, logs) read it from
 * {@link CheckpointStore#describe()} instead of inspecting the store's type, so a store wrapped in
 * {@link ForwardingCheckpointStore}s or written by a third party describes itself the same way.
 *
 * @param backend the backend's short name, such as {@code filesystem}, {@code s3} or {@code memory};
 *     used in metric tags, so a small fixed set per application
 * @param location where the checkpoints live, for people: a directory, {@code s3://bucket/prefix}, ...
 * @param vnodeCount the vnode count checkpoints are validated against, 1..65535
 * @param maxRetained how many checkpoints a save keeps; 0 keeps all
 * @param orphanMinAge how old orphaned state must be before cleanup deletes it
 */
public record StoreDescription(String backend, String location, int vnodeCount, int maxRetained,
        Duration orphanMinAge) {

    /**
     * Checks the values.
     * @throws NullPointerException when a text or the age is null
     * @throws IllegalArgumentException when the backend is blank or a number is out of range
     */
    public StoreDescription {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(orphanMinAge, "orphanMinAge");
        if (backend.isBlank()) {
            throw new IllegalArgumentException("backend must not be blank");
        }
        if (vnodeCount < 1 || vnodeCount > 0xFFFF) {
            throw new IllegalArgumentException("vnode count must be 1..65535, was " + vnodeCount);
        }
        if (maxRetained < 0) {
            throw new IllegalArgumentException("maxRetained must be >= 0 (0 keeps all), was " + maxRetained);
        }
        if (orphanMinAge.isNegative()) {
            throw new IllegalArgumentException("orphanMinAge must not be negative, was " + orphanMinAge);
        }
    }
}
