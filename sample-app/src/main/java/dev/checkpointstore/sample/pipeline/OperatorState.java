package dev.checkpointstore.sample.pipeline;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A copy of the {@link CountingOperator}'s state: how many events it counted, their running total
 * and the count per key.
 */
public final class OperatorState {

    private final long events;
    private final long total;
    private final long[] counts;

    /**
     * Creates a state.
     * @param events how many events were counted
     * @param total the running total of their values
     * @param counts the count per key id, copied
     */
    public OperatorState(long events, long total, long[] counts) {
        this.events = events;
        this.total = total;
        this.counts = counts.clone();
    }

    /**
     * How many events were counted.
     * @return the event count
     */
    public long events() {
        return events;
    }

    /**
     * The running total of the counted events' values.
     * @return the total
     */
    public long total() {
        return total;
    }

    /**
     * The size of the key space.
     * @return the number of key ids
     */
    public int keys() {
        return counts.length;
    }

    /**
     * One key's count.
     * @param keyId the key id
     * @return its count, 0 when never seen
     */
    public long count(int keyId) {
        return counts[keyId];
    }

    /**
     * The counts per key id.
     * @return a copy
     */
    public long[] counts() {
        return counts.clone();
    }

    /**
     * How many keys have been seen.
     * @return the number of keys with a positive count
     */
    public int distinctKeys() {
        int distinct = 0;
        for (long count : counts) {
            if (count != 0) {
                distinct++;
            }
        }
        return distinct;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof OperatorState that && events == that.events && total == that.total
                && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(events, total, Arrays.hashCode(counts));
    }

    @Override
    public String toString() {
        return "OperatorState{events=" + events + ", total=" + total + ", distinctKeys=" + distinctKeys() + "}";
    }
}
