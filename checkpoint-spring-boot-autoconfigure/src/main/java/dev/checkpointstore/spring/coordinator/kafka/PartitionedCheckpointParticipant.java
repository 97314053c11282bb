package dev.checkpointstore.spring.coordinator.kafka;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import dev.checkpointstore.spring.coordinator.CheckpointParticipant;
import dev.checkpointstore.spring.coordinator.RestoredState;
import dev.checkpointstore.spring.coordinator.StateSnapshot;

/**
 * A {@link CheckpointParticipant} whose state is kept per Kafka partition (counts per key of a
 * keyed topic, say), so that a partition's state can be restored, and dropped, on its own. Each
 * partition's state is one part of the participant's state, stored as
 * {@code name/{topic}-{partition}}.
 *
 * <p>Partitions move between the consumers of one instance freely: the state stays in the
 * participant (it must be thread-safe: several listener threads update it, each its own
 * partitions) and the new consumer resumes where the old one stopped. When the consumer group
 * shows that a partition was moved on by someone else since this instance's checkpoint (another
 * instance consumed it, or its offset was reset), the coordinator keeps the group's position and
 * calls {@link #discard} so the participant forgets that partition's outdated state.
 */
public interface PartitionedCheckpointParticipant extends CheckpointParticipant {

    /**
     * The enrolled listener whose partitions this state follows.
     * @return the listener id, or null to follow the partitions of every enrolled listener
     */
    default @Nullable String listenerId() {
        return null;
    }

    /**
     * The state of every partition the participant holds, for a checkpoint. Called on the
     * checkpointing thread while every listener thread is between records.
     * @return the bytes of each partition's state; the coordinator takes ownership of the arrays
     */
    Map<TopicPartition, byte[]> snapshotPartitions();

    /**
     * Replaces the state with a checkpoint's: one entry per partition it held. Called once at
     * startup, before any listener container starts; an empty map on a fresh start.
     * @param states each partition's state
     */
    void restorePartitions(Map<TopicPartition, byte[]> states);

    /**
     * Forgets the state of partitions that were moved on elsewhere since the checkpoint it came
     * from. Called on a listener thread during a rebalance, before the partitions' first records.
     * A partition the participant does not hold is ignored.
     * @param partitions the partitions
     */
    void discard(Collection<TopicPartition> partitions);

    /**
     * {@inheritDoc}
     * <p>The state of each partition, as one part named {@code "{topic}-{partition}"}.
     */
    @Override
    default StateSnapshot snapshot() {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        snapshotPartitions().forEach((partition, bytes) -> parts.put(KafkaOffsets.key(partition), bytes));
        return StateSnapshot.ofParts(parts);
    }

    /**
     * {@inheritDoc}
     * <p>Reads every part as a partition's state and hands them to {@link #restorePartitions}.
     * @throws IllegalArgumentException when a part's name is not {@code "{topic}-{partition}"}
     */
    @Override
    default void restore(RestoredState state) {
        Map<TopicPartition, byte[]> states = new LinkedHashMap<>();
        for (String part : state.partNames()) {
            states.put(KafkaOffsets.partition(part), state.part(part).orElseThrow());
        }
        restorePartitions(states);
    }
}
