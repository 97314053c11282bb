package dev.checkpointstore.sample.pipeline;

/**
 * Counts events per key and keeps the running total of their values. Its state is one counter per
 * key seen so far, so it grows as the stream opens up new keys: a few megabytes at the default
 * key space.
 */
public final class CountingOperator {

    /** The operator's name; its state parts are named {@code counter/...} in the manifest. */
    public static final String NAME = "counter";

    private final long[] counts;
    private long events;
    private long total;

    /**
     * Creates an operator with no counts.
     * @param keys the size of the key space
     */
    public CountingOperator(int keys) {
        this.counts = new long[keys];
    }

    /**
     * Counts one event.
     * @param event the event
     * @return the key's new count and the new total
     */
    public CountUpdate process(SourceEvent event) {
        long count = ++counts[event.keyId()];
        events++;
        total += event.value();
        return new CountUpdate(event.keyId(), count, total);
    }

    /**
     * How many events were counted, counting those before a restore.
     * @return the event count
     */
    public long events() {
        return events;
    }

    /**
     * A copy of the state, for a checkpoint.
     * @return the state
     */
    public OperatorState snapshot() {
        return new OperatorState(events, total, counts);
    }

    /**
     * Replaces the state with a checkpointed one.
     * @param state the state
     * @throws IllegalStateException when its key space differs from this operator's
     */
    public void restore(OperatorState state) {
        if (state.keys() != counts.length) {
            throw new IllegalStateException("checkpointed operator state has " + state.keys()
                    + " keys but this operator has " + counts.length);
        }
        System.arraycopy(state.counts(), 0, counts, 0, counts.length);
        events = state.events();
        total = state.total();
    }
}
