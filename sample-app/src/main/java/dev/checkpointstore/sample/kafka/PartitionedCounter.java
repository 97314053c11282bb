package dev.checkpointstore.sample.kafka;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;

import dev.checkpointstore.sample.pipeline.CountUpdate;
import dev.checkpointstore.sample.pipeline.OperatorState;
import dev.checkpointstore.spring.coordinator.kafka.PartitionedCheckpointParticipant;

/**
 * Counts a keyed topic per key, with the state kept per partition so that it follows each
 * partition: stored as {@code counter/{topic}-{partition}}, restored per partition, and dropped for
 * a partition the consumer group moved on elsewhere. A key lives in one partition (Kafka
 * partitions by key), so a key's count in its partition is its count. The running event count
 * and total are kept across partitions, for the sink and for completion.
 */
public final class PartitionedCounter implements PartitionedCheckpointParticipant {

    /** The participant's name in the manifest's {@code operator_states}. */
    public static final String NAME = "counter";

    private final String listenerId;
    private final int keys;
    private final Map<TopicPartition, PartitionCounts> partitions = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    /**
     * Creates a counter with no counts.
     * @param listenerId the listener whose partitions it counts
     * @param keys the key space
     */
    public PartitionedCounter(String listenerId, int keys) {
        this.listenerId = listenerId;
        this.keys = keys;
    }

    /**
     * Counts one event, on the listener thread that owns its partition.
     * @param partition where the event came from
     * @param keyId its key
     * @param value its value
     * @return the key's new count and the new running total
     */
    public CountUpdate process(TopicPartition partition, int keyId, int value) {
        long count = partitions.computeIfAbsent(partition, p -> new PartitionCounts(keys)).add(keyId, value);
        events.incrementAndGet();
        return new CountUpdate(keyId, count, total.addAndGet(value));
    }

    /**
     * How many events were counted, over every partition, counting those before a restore.
     * @return the event count
     */
    public long events() {
        return events.get();
    }

    /**
     * Every partition's counts added up, as the generator mode's operator state.
     * @return the state
     */
    public OperatorState merged() {
        long[] counts = new long[keys];
        long mergedEvents = 0;
        long mergedTotal = 0;
        for (PartitionCounts partition : partitions.values()) {
            long[] perKey = partition.counts();
            for (int id = 0; id < keys; id++) {
                counts[id] += perKey[id];
            }
            mergedEvents += partition.events();
            mergedTotal += partition.total();
        }
        return new OperatorState(mergedEvents, mergedTotal, counts);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String listenerId() {
        return listenerId;
    }

    @Override
    public Map<TopicPartition, byte[]> snapshotPartitions() {
        Map<TopicPartition, byte[]> state = new LinkedHashMap<>();
        partitions.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .forEach(entry -> state.put(entry.getKey(), PartitionStateCodec.encode(entry.getValue())));
        return state;
    }

    @Override
    public void restorePartitions(Map<TopicPartition, byte[]> states) {
        partitions.clear();
        events.set(0);
        total.set(0);
        states.forEach((partition, bytes) -> {
            PartitionCounts counts = PartitionStateCodec.decode(partition, bytes, keys);
            partitions.put(partition, counts);
            events.addAndGet(counts.events());
            total.addAndGet(counts.total());
        });
    }

    @Override
    public void discard(Collection<TopicPartition> discarded) {
        for (TopicPartition partition : discarded) {
            PartitionCounts counts = partitions.remove(partition);
            if (counts != null) {
                events.addAndGet(-counts.events());
                total.addAndGet(-counts.total());
            }
        }
    }
}
