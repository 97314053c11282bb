package dev.checkpointstore.sample.kafka;

/**
 * The counts of one Kafka partition: how many events, the total of their values, and the count
 * per key. Updated by the one listener thread that owns the partition; read during checkpoint
 * cuts, when that thread is between records.
 */
final class PartitionCounts {

    private long events;
    private long total;
    private final long[] counts;

    PartitionCounts(int keys) {
        this(0, 0, new long[keys]);
    }

    PartitionCounts(long events, long total, long[] counts) {
        this.events = events;
        this.total = total;
        this.counts = counts;
    }

    /** Counts one event and returns the key's new count. */
    long add(int keyId, int value) {
        events++;
        total += value;
        return ++counts[keyId];
    }

    long events() {
        return events;
    }

    long total() {
        return total;
    }

    long[] counts() {
        return counts;
    }
}
