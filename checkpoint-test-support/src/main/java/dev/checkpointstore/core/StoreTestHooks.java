package dev.checkpointstore.core;

import org.jspecify.annotations.Nullable;

/**
 * Reaches the test hooks of {@link AbstractCheckpointStore}, which are package-private so that no
 * application depends on them. It lives in the core's package for that reason alone; tests use it
 * through the contract suite.
 */
public final class StoreTestHooks {

    private StoreTestHooks() {
    }

    /**
     * Runs an action each time orphan cleanup has found its candidates, before it holds them against
     * saves and checks them again, so a test can complete a save right there.
     * @param store the store
     * @param hook the action, or null to remove it
     */
    public static void onOrphanCandidates(AbstractCheckpointStore store, @Nullable Runnable hook) {
        store.orphanCandidatesHook = hook;
    }
}
