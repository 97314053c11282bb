package dev.checkpointstore.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checkpoint ids one store instance is writing, and the ids its orphan cleanup holds. The two
 * exclude each other: cleanup holds only ids no write is in flight for, and a write of a held id
 * waits until cleanup releases it. So within one instance cleanup can never delete state that a
 * save wrote, whatever the orphan minimum age.
 */
final class InFlightCheckpoints {

    private final Map<Long, Integer> writers = new HashMap<>();
    private final Set<Long> held = new HashSet<>();

    /**
     * Registers a write of an id, after waiting for cleanup to release it. Interrupts do not stop
     * the wait (cleanup releases within a few requests); the interrupt status is kept.
     * @param checkpointId the id
     */
    synchronized void enter(long checkpointId) {
        boolean interrupted = false;
        while (held.contains(checkpointId)) {
            try {
                wait();
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        writers.merge(checkpointId, 1, Integer::sum);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends a write registered by {@link #enter}.
     * @param checkpointId the id
     */
    synchronized void leave(long checkpointId) {
        writers.computeIfPresent(checkpointId, (id, count) -> count == 1 ? null : count - 1);
    }

    synchronized boolean isWriting(long checkpointId) {
        return writers.containsKey(checkpointId);
    }

    /** @return the ids being written now */
    synchronized Set<Long> writing() {
        return new HashSet<>(writers.keySet());
    }

    /**
     * Holds the ids that no write is in flight for and no other cleanup holds.
     * @param checkpointIds the candidates
     * @return the ids now held, in the candidates' order; release them with {@link #release}
     */
    synchronized List<Long> hold(Collection<Long> checkpointIds) {
        List<Long> taken = new ArrayList<>();
        for (long id : checkpointIds) {
            if (!writers.containsKey(id) && held.add(id)) {
                taken.add(id);
            }
        }
        return taken;
    }

    /**
     * Releases held ids and wakes the writes waiting for them.
     * @param checkpointIds ids returned by {@link #hold}
     */
    synchronized void release(Collection<Long> checkpointIds) {
        if (held.removeAll(checkpointIds)) {
            notifyAll();
        }
    }
}
