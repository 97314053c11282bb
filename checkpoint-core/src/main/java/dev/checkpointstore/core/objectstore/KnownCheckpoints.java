package dev.checkpointstore.core.objectstore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointIds;

/**
 * What an object-store backend knows of its checkpoints between listings, so that a single writer's
 * automatic prune needs no LIST: the ids it listed once and saved since, and the pruned checkpoints
 * whose manifest is gone but whose sidecar is not yet deleted (a prune deletes the manifests first,
 * so a checkpoint is never listed without its state). Thread-safe.
 */
public final class KnownCheckpoints {

    private final Object lock = new Object();
    private @Nullable TreeSet<Long> ids;
    private final Set<Long> unprunedSidecars = new HashSet<>();

    /**
     * Adds an id just saved, once a listing has started the set.
     * @param id the checkpoint
     */
    public void remember(long id) {
        synchronized (lock) {
            if (ids != null) {
                ids.add(id);
            }
        }
    }

    /**
     * Replaces the known ids with a full listing.
     * @param listed every id with a manifest
     */
    public void listed(Collection<Long> listed) {
        TreeSet<Long> copy = new TreeSet<>(CheckpointIds.ORDER);
        copy.addAll(listed);
        synchronized (lock) {
            ids = copy;
        }
    }

    /**
     * The ids listed and saved since, ascending.
     * @return the ids, or empty before the first listing
     */
    public Optional<List<Long>> ids() {
        synchronized (lock) {
            return ids == null ? Optional.empty() : Optional.of(new ArrayList<>(ids));
        }
    }

    /**
     * The ids an automatic prune chooses from: the known ones, without a request, unless there
     * are none yet or another writer moved the pointer (and so saved checkpoints this store has not
     * seen); then a fresh listing, which also replaces them.
     * @param latest the store's pointer, which tells whether another writer moved it
     * @param listing lists every id and hands it to {@link #listed}
     * @return the ids, ascending
     */
    public List<Long> forPrune(VersionedPointer latest, Supplier<List<Long>> listing) {
        if (latest.takeMovedByOthers()) {
            try {
                return listing.get();
            }
            catch (RuntimeException ex) {
                latest.markMovedByOthers();
                throw ex;
            }
        }
        return ids().orElseGet(listing);
    }

    /**
     * Forgets the pruned checkpoints whose manifests are deleted and answers the sidecars to delete
     * now: theirs, and those an earlier prune failed to delete, unless the checkpoint was saved again
     * since.
     * @param pruned the checkpoints whose manifests were to be deleted
     * @param whole those whose manifest delete failed: they keep their sidecar and stay known
     * @param stored the ids that have a sidecar, when the backend listed them, so that pruned
     *     checkpoints saved without state are not asked for; null to delete every candidate
     * @return the sidecars to delete
     */
    public List<Long> sidecarsToDelete(List<Long> pruned, Set<Long> whole, @Nullable Set<Long> stored) {
        List<Long> doomed = new ArrayList<>();
        synchronized (lock) {
            for (long id : pruned) {
                if (!whole.contains(id)) {
                    if (ids != null) {
                        ids.remove(id);
                    }
                    unprunedSidecars.add(id);
                }
            }
            if (stored != null) {
                unprunedSidecars.removeIf(id -> !stored.contains(id) && !isKnown(id));
            }
            for (long id : unprunedSidecars) {
                if (!isKnown(id)) {
                    doomed.add(id);
                }
            }
        }
        return doomed;
    }

    /**
     * Records the outcome of deleting the sidecars {@link #sidecarsToDelete} answered.
     * @param deleted the sidecars asked to be deleted
     * @param failed those whose delete failed: orphans, tried again by the next prune
     */
    public void sidecarsDeleted(List<Long> deleted, Set<Long> failed) {
        synchronized (lock) {
            for (long id : deleted) {
                if (!failed.contains(id)) {
                    unprunedSidecars.remove(id);
                }
            }
        }
    }

    private boolean isKnown(long id) {
        return ids != null && ids.contains(id);
    }
}
