package dev.checkpointstore.spring;

import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

import dev.checkpointstore.core.CheckpointStore;

/**
 * Runs a store's {@link CheckpointStore#cleanupOrphans() orphan cleanup}, logs what it removed and
 * publishes a {@link CheckpointOrphansRemovedEvent} when it removed something. The scheduler and
 * the endpoint both go through it.
 */
public final class CheckpointOrphanCleaner {

    private static final Log logger = LogFactory.getLog(CheckpointOrphanCleaner.class);

    private final CheckpointStore store;
    private final ApplicationEventPublisher publisher;

    /**
     * Creates a cleaner.
     * @param store the store
     * @param publisher publishes the removal events
     */
    public CheckpointOrphanCleaner(CheckpointStore store, ApplicationEventPublisher publisher) {
        this.store = Objects.requireNonNull(store, "store");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /**
     * Deletes orphaned state older than the store's minimum age.
     * @return how many orphans were deleted
     * @throws dev.checkpointstore.core.CheckpointStoreException when the store fails
     */
    public int cleanup() {
        int removed = store.cleanupOrphans();
        if (removed > 0) {
            logger.info("Removed " + removed + " orphan" + (removed == 1 ? "" : "s") + " of crashed checkpoint saves"
                    + " older than " + store.describe().orphanMinAge() + " at " + store.location());
            publisher.publishEvent(new CheckpointOrphansRemovedEvent(this, removed, store.location()));
        }
        else if (logger.isDebugEnabled()) {
            logger.debug("No orphaned checkpoint state to remove at " + store.location());
        }
        return removed;
    }
}
