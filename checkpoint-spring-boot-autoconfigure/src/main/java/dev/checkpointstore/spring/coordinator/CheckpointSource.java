package dev.checkpointstore.spring.coordinator;

import java.util.Map;
import java.util.Optional;

import dev.checkpointstore.core.ConnectorCheckpoint;

/**
 * Where records come from, and how far the application has processed them: the position a
 * checkpoint records in {@code source_offsets} and a restart resumes after. Declare one as a bean
 * for a source the application drives itself (and bracket each record or batch with the
 * coordinator's {@link CheckpointBarrier}); the listener containers of spring-kafka are enrolled
 * as sources automatically.
 */
public interface CheckpointSource {

    /**
     * The source's name: its key in {@code source_offsets} and its entry in {@code source_names}.
     * Unique among sources and stable across releases.
     * @return the name
     */
    String name();

    /**
     * The position after the last record processed, in the source's own terms (for Kafka,
     * {@code "{topic}-{partition}"} to the last consumed offset). Called during the cut.
     * @return the offsets; empty before the first record
     */
    Map<String, String> offsets();

    /**
     * Connector metadata stored next to the offsets (for Kafka, the consumer group).
     * @return the metadata, empty by default
     */
    default Map<String, String> metadata() {
        return Map.of();
    }

    /**
     * Moves the source to just after a checkpointed position, before processing starts.
     * @param checkpoint the source's entry in the restored checkpoint; empty on a fresh start or
     *     when the checkpoint does not know this source
     */
    void restore(Optional<ConnectorCheckpoint> checkpoint);

    /**
     * Told once a checkpoint is committed: saved, every sink committed and the manifest updated to
     * say so. A source that reports progress to its origin does it here (the Kafka sources commit
     * the offsets to the consumer group), so that the origin never runs ahead of the checkpoints.
     * @param checkpointId the checkpoint
     * @param position this source's entry in it
     */
    default void committed(long checkpointId, ConnectorCheckpoint position) {
    }
}
