package dev.checkpointstore.spring.coordinator.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.spring.coordinator.CheckpointBarrier;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointSource;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;

/**
 * One enrolled listener container as a checkpoint source. Its interceptor and rebalance listener
 * ({@link CheckpointRecordInterceptor}, {@link CheckpointRebalanceListener}) call in here on the
 * container's consumer threads:
 *
 * <ul>
 * <li>each record passes the coordinator's {@link CheckpointBarrier}, and once the listener
 * handled it, its offset becomes the partition's last consumed offset;</li>
 * <li>on assignment each partition with a checkpointed offset is sought to that offset + 1,
 * unless the group shows it was moved on elsewhere since (its committed offset is not the one
 * after the checkpoint's and was not committed from this store); partitions without one keep the
 * group's committed offset, or {@code auto.offset.reset};</li>
 * <li>before partitions are revoked the coordinator checkpoints, and the consumer commits that
 * checkpoint's offsets before giving the partitions up, so the next owner starts right after the
 * last record this one processed;</li>
 * <li>once a checkpoint is committed, each consumer commits its offsets + 1 to the group, before
 * its next poll or record, with {@link CommitMetadata} naming the checkpoint.</li>
 * </ul>
 */
public final class KafkaListenerSource implements CheckpointSource {

    private static final Log logger = LogFactory.getLog(KafkaListenerSource.class);

    private final String name;
    private final String listenerId;
    private final String groupId;
    private final CheckpointCoordinator coordinator;
    private final CheckpointBarrier barrier;
    private final String storeLocation;
    private final List<PartitionedCheckpointParticipant> partitioned;
    private final Map<TopicPartition, Long> lastConsumed = new ConcurrentHashMap<>();
    private final List<ConsumerState> consumers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<@Nullable ConsumerState> current = new ThreadLocal<>();

    /**
     * Creates a source.
     * @param name the source name in {@code source_offsets}
     * @param listenerId the listener container's id
     * @param groupId its consumer group
     * @param coordinator the coordinator it belongs to
     * @param partitioned the participants whose state follows this listener's partitions
     */
    public KafkaListenerSource(String name, String listenerId, String groupId, CheckpointCoordinator coordinator,
            List<PartitionedCheckpointParticipant> partitioned) {
        this.name = Objects.requireNonNull(name, "name");
        this.listenerId = Objects.requireNonNull(listenerId, "listenerId");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.barrier = coordinator.barrier();
        this.storeLocation = coordinator.store().location();
        this.partitioned = List.copyOf(partitioned);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The enrolled container's listener id.
     * @return the id
     */
    public String listenerId() {
        return listenerId;
    }

    /**
     * The consumer group.
     * @return the group id
     */
    public String groupId() {
        return groupId;
    }

    @Override
    public Map<String, String> offsets() {
        Map<String, String> offsets = new LinkedHashMap<>();
        lastConsumed.entrySet().stream().sorted(Map.Entry.comparingByKey(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic())))
                .forEach(entry -> offsets.put(KafkaOffsets.key(entry.getKey()), Long.toString(entry.getValue())));
        return offsets;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of("group", groupId);
    }

    @Override
    public void restore(Optional<ConnectorCheckpoint> checkpoint) {
        lastConsumed.clear();
        checkpoint.ifPresent(position -> lastConsumed.putAll(KafkaOffsets.parse(position.offsets())));
    }

    /**
     * Hands each consumer the offsets of a committed checkpoint, to commit to the group before its
     * next poll or record (a consumer is used by its own thread only).
     */
    @Override
    public void committed(long checkpointId, ConnectorCheckpoint position) {
        String metadata = new CommitMetadata(checkpointId, storeLocation).encode();
        Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
        KafkaOffsets.parse(position.offsets())
                .forEach((partition, last) -> commits.put(partition, new OffsetAndMetadata(last + 1, metadata)));
        consumers.removeIf(state -> !state.thread.isAlive());
        for (ConsumerState state : consumers) {
            state.pending.set(commits);
        }
    }

    /** Before each poll, on the consumer thread: no record is being processed; commit what is due. */
    void beforePoll(Consumer<?, ?> consumer) {
        barrier.exit();
        commitPending(consumer);
    }

    /** After each poll's records, on the consumer thread. */
    void afterPoll() {
        barrier.exit();
    }

    /** Before a record reaches the listener: commit what is due, then pass the barrier. */
    void recordStarting(Consumer<?, ?> consumer) {
        commitPending(consumer);
        barrier.enter();
    }

    /** The listener handled a record: it is consumed. */
    void recordSucceeded(ConsumerRecord<?, ?> record) {
        lastConsumed.put(new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    /** After a record, whether the listener handled it or not. */
    void recordDone() {
        barrier.exit();
    }

    /** Partitions were assigned to a consumer: resume each from the checkpoint, or leave it to the group. */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        barrier.exit();
        stateOf(consumer);
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        List<TopicPartition> stale = new ArrayList<>();
        barrier.enter();
        try {
            for (TopicPartition partition : partitions) {
                Long last = lastConsumed.get(partition);
                OffsetAndMetadata group = committed.get(partition);
                if (last == null) {
                    logger.info(describe(partition) + " has no checkpointed offset: it starts at "
                            + (group != null ? "the group's committed offset " + group.offset()
                                    : "auto.offset.reset (the group has no committed offset)"));
                }
                else if (group == null || group.offset() == last + 1 || fromThisStore(group)) {
                    consumer.seek(partition, last + 1);
                    logger.info(describe(partition) + " resumes at offset " + (last + 1) + ", after the last one "
                            + "checkpointed");
                }
                else {
                    lastConsumed.remove(partition);
                    stale.add(partition);
                    logger.warn(describe(partition) + " was moved on to offset " + group.offset() + " since this "
                            + "instance checkpointed it at " + last + " (committed by "
                            + (group.metadata() == null || group.metadata().isEmpty() ? "someone else"
                                    : "'" + group.metadata() + "'")
                            + "): it starts there, and its checkpointed state is discarded");
                }
            }
            if (!stale.isEmpty()) {
                for (PartitionedCheckpointParticipant participant : partitioned) {
                    participant.discard(stale);
                }
            }
        }
        finally {
            barrier.exit();
        }
    }

    /**
     * Partitions are about to be revoked from a consumer: checkpoint, and commit that checkpoint's
     * offsets while the consumer still owns them.
     */
    void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        barrier.exit();
        if (partitions.isEmpty()) {
            return;
        }
        try {
            coordinator.checkpointIfProgress(CheckpointTrigger.REVOCATION);
        }
        catch (RuntimeException ex) {
            logger.error("The checkpoint before " + partitions + " of listener '" + listenerId + "' were revoked "
                    + "failed: their next owner starts at the offsets of the last committed checkpoint, and may process "
                    + "again records this instance has processed since", ex);
        }
        commitPending(consumer);
    }

    /** Partitions were lost: nothing can be committed for them any more. */
    void lost(Collection<TopicPartition> partitions) {
        barrier.exit();
        if (!partitions.isEmpty()) {
            logger.warn("Partitions " + partitions + " of listener '" + listenerId + "' were lost without being "
                    + "revoked: their next owner starts at the group's committed offsets");
        }
    }

    private boolean fromThisStore(OffsetAndMetadata committed) {
        return CommitMetadata.decode(committed.metadata()).map(m -> m.store().equals(storeLocation)).orElse(false);
    }

    private String describe(TopicPartition partition) {
        return "Partition " + partition + " of listener '" + listenerId + "' (group '" + groupId + "')";
    }

    private void commitPending(Consumer<?, ?> consumer) {
        ConsumerState state = stateOf(consumer);
        if (state.pending.get() == null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> due = state.pending.getAndSet(null);
        if (due == null) {
            return;
        }
        Set<TopicPartition> assignment = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> owned = new LinkedHashMap<>();
        due.forEach((partition, offset) -> {
            if (assignment.contains(partition)) {
                owned.put(partition, offset);
            }
        });
        if (owned.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(owned);
            if (logger.isDebugEnabled()) {
                logger.debug("Listener '" + listenerId + "' committed " + owned + " to group '" + groupId + "'");
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Listener '" + listenerId + "' could not commit the checkpointed offsets " + owned
                    + " to group '" + groupId + "'; the next committed checkpoint commits them again", ex);
        }
    }

    private ConsumerState stateOf(Consumer<?, ?> consumer) {
        ConsumerState state = current.get();
        if (state == null || state.consumer != consumer) {
            state = new ConsumerState(consumer, Thread.currentThread());
            ConsumerState previous = state;
            consumers.removeIf(other -> other.thread == previous.thread || !other.thread.isAlive());
            consumers.add(state);
            current.set(state);
        }
        return state;
    }

    /** What the source knows of one consumer: its thread and the commit waiting for it. */
    private static final class ConsumerState {

        final Consumer<?, ?> consumer;
        final Thread thread;
        final AtomicReference<@Nullable Map<TopicPartition, OffsetAndMetadata>> pending = new AtomicReference<>();

        ConsumerState(Consumer<?, ?> consumer, Thread thread) {
            this.consumer = consumer;
            this.thread = thread;
        }
    }
}
