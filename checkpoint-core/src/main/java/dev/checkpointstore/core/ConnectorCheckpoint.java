package dev.checkpointstore.core;

import java.util.Map;

/**
 * The position of one source or reference table at checkpoint time.
 *
 * @param offsets connector-specific offsets, for example partition to offset
 * @param epoch the epoch the offsets belong to (unsigned 64-bit)
 * @param metadata connector-specific metadata
 */
public record ConnectorCheckpoint(Map<String, String> offsets, long epoch, Map<String, String> metadata) {

    /**
     * Creates a checkpoint; the maps are copied into sorted, unmodifiable maps.
     */
    public ConnectorCheckpoint {
        offsets = SortedMaps.copyOf(offsets, "offsets");
        metadata = SortedMaps.copyOf(metadata, "metadata");
    }

    /**
     * Creates a checkpoint without metadata.
     * @param offsets connector-specific offsets
     * @param epoch the epoch the offsets belong to
     * @return the checkpoint
     */
    public static ConnectorCheckpoint of(Map<String, String> offsets, long epoch) {
        return new ConnectorCheckpoint(offsets, epoch, Map.of());
    }
}
