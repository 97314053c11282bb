package dev.checkpointstore.core;

import java.util.OptionalLong;

/**
 * The highest checkpoint id among those a store has seen (manifests, the latest pointer, leftover
 * state), and the id after it: how {@link CheckpointStore#nextCheckpointId()} is computed. Ids are
 * unsigned 64-bit values, compared with {@link Long#compareUnsigned}; ids of 2<sup>63</sup> and
 * above are negative Java longs. Not thread-safe: one instance per computation.
 */
public final class HighestCheckpointId {

    private long highest;
    private boolean any;

    /**
     * Takes an id into account.
     * @param checkpointId an id seen in the store
     * @return this
     */
    public HighestCheckpointId see(long checkpointId) {
        if (!any || Long.compareUnsigned(checkpointId, highest) > 0) {
            highest = checkpointId;
            any = true;
        }
        return this;
    }

    /**
     * Takes an id into account when there is one.
     * @param checkpointId an id seen in the store, or empty
     * @return this
     */
    public HighestCheckpointId see(OptionalLong checkpointId) {
        checkpointId.ifPresent(this::see);
        return this;
    }

    /**
     * Takes ids into account.
     * @param checkpointIds ids seen in the store
     * @return this
     */
    public HighestCheckpointId seeAll(Iterable<Long> checkpointIds) {
        for (long id : checkpointIds) {
            see(id);
        }
        return this;
    }

    /**
     * The highest id seen.
     * @return the id, or empty when none was seen
     */
    public OptionalLong highest() {
        return any ? OptionalLong.of(highest) : OptionalLong.empty();
    }

    /**
     * The id after the highest seen.
     * @param location where the ids were seen, for the message when there is no next id
     * @return 1 when no id was seen, else the highest id plus one
     * @throws CheckpointStoreException when the highest id is 2<sup>64</sup>-1, which has no next
     */
    public long next(String location) {
        if (!any) {
            return 1;
        }
        if (highest == -1L) {
            throw new CheckpointStoreException("no checkpoint id is left after " + Long.toUnsignedString(highest)
                    + " (2^64-1, the largest id) at " + location + ": remove or prune its checkpoints, or start a"
                    + " new location, to save again");
        }
        return highest + 1;
    }
}
