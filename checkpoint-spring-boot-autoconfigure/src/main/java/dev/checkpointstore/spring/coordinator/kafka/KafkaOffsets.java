package dev.checkpointstore.spring.coordinator.kafka;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

/**
 * How Kafka positions are spelled in a checkpoint, as LaminarDB spells them: a source's
 * {@code offsets} map has one entry per partition, the key {@code "{topic}-{partition}"} and the
 * value the offset of the last record consumed, in decimal. Topic names may contain {@code -}; the
 * partition is what follows the last one.
 */
public final class KafkaOffsets {

    private KafkaOffsets() {
    }

    /**
     * The key of a partition.
     * @param partition the partition
     * @return {@code "{topic}-{partition}"}
     */
    public static String key(TopicPartition partition) {
        return partition.topic() + "-" + partition.partition();
    }

    /**
     * Reads a partition's key.
     * @param key {@code "{topic}-{partition}"}
     * @return the partition
     * @throws IllegalArgumentException when the key does not end with {@code -} and a partition number
     */
    public static TopicPartition partition(String key) {
        int dash = key.lastIndexOf('-');
        if (dash <= 0 || dash == key.length() - 1) {
            throw new IllegalArgumentException("'" + key + "' is not a Kafka partition key of the form {topic}-{partition}");
        }
        int partition;
        try {
            partition = Integer.parseInt(key, dash + 1, key.length(), 10);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + key + "' is not a Kafka partition key of the form "
                    + "{topic}-{partition}: '" + key.substring(dash + 1) + "' is not a partition number", ex);
        }
        if (partition < 0 || key.charAt(dash + 1) == '+') {
            throw new IllegalArgumentException("'" + key + "' is not a Kafka partition key: the partition must be a "
                    + "number of 0 or more");
        }
        return new TopicPartition(key.substring(0, dash), partition);
    }

    /**
     * Reads a source's offsets map.
     * @param offsets keys {@code "{topic}-{partition}"} to the last consumed offset
     * @return the last consumed offset by partition
     * @throws IllegalArgumentException naming the entry that is not a partition key and an offset of 0 or more
     */
    public static Map<TopicPartition, Long> parse(Map<String, String> offsets) {
        Map<TopicPartition, Long> parsed = new TreeMap<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        offsets.forEach((key, value) -> {
            TopicPartition partition = partition(key);
            long offset;
            try {
                offset = Long.parseLong(value);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("the offset of '" + key + "' is '" + value + "', not a number", ex);
            }
            if (offset < 0) {
                throw new IllegalArgumentException("the offset of '" + key + "' is " + offset + ", not 0 or more");
            }
            parsed.put(partition, offset);
        });
        return parsed;
    }
}
