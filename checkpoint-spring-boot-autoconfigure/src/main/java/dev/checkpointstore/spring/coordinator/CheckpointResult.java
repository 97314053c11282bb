package dev.checkpointstore.spring.coordinator;

import java.time.Duration;
import java.util.Map;

import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;

/**
 * A checkpoint the coordinator took.
 *
 * @param checkpointId its id (unsigned)
 * @param epoch its epoch, the sinks' epoch (equal to the id)
 * @param trigger what started it
 * @param sourceOffsets each source's position in it
 * @param sinkStatuses each sink's commit status as recorded in the manifest
 * @param committed whether it was saved, every sink committed and the manifest updated to say so;
 *     only then are the sources told ({@link CheckpointSource#committed}), which for Kafka commits
 *     the offsets to the consumer group
 * @param inlineBytes state bytes stored inline in the manifest
 * @param sidecarBytes state bytes stored in the sidecar
 * @param stall how long processing threads were held for the cut
 * @param elapsed how long the whole checkpoint took, cut, save, commits and manifest update
 */
public record CheckpointResult(long checkpointId, long epoch, CheckpointTrigger trigger,
        Map<String, ConnectorCheckpoint> sourceOffsets, Map<String, SinkCommitStatus> sinkStatuses, boolean committed,
        long inlineBytes, long sidecarBytes, Duration stall, Duration elapsed) {

    /** Creates a result; the maps are copied. */
    public CheckpointResult {
        sourceOffsets = Map.copyOf(sourceOffsets);
        sinkStatuses = Map.copyOf(sinkStatuses);
    }
}
