package dev.checkpointstore.spring;

import dev.checkpointstore.core.CheckpointStore;

/**
 * A store that adds behaviour (metrics, say) in front of another and forwards every call to it.
 * Tools that describe a store look through it with {@link #unwrap(CheckpointStore)}.
 */
public interface ForwardingCheckpointStore extends CheckpointStore {

    /**
     * The store calls are forwarded to.
     * @return the delegate
     */
    CheckpointStore delegate();

    /**
     * The innermost store behind any forwarding stores.
     * @param store a store
     * @return the store itself, or what its forwarding layers delegate to
     */
    static CheckpointStore unwrap(CheckpointStore store) {
        CheckpointStore current = store;
        while (current instanceof ForwardingCheckpointStore forwarding) {
            current = forwarding.delegate();
        }
        return current;
    }
}
