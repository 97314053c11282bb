package dev.checkpointstore.spring.autoconfigure;

import dev.checkpointstore.core.CheckpointStore;

/**
 * Wraps the auto-configured {@link CheckpointStore} before it becomes a bean (the metrics
 * auto-configuration times saves this way). Decorators are applied in order, the first one
 * innermost. A store the application defines itself is left as it is.
 */
@FunctionalInterface
public interface CheckpointStoreDecorator {

    /**
     * Decorates a store.
     * @param store the store built so far
     * @return the store to use instead, usually a {@link dev.checkpointstore.core.ForwardingCheckpointStore}
     */
    CheckpointStore decorate(CheckpointStore store);

    /**
     * Applies decorators in order.
     * @param store the store built from properties
     * @param decorators the decorators, in order
     * @return the decorated store
     */
    static CheckpointStore applyAll(CheckpointStore store, Iterable<CheckpointStoreDecorator> decorators) {
        CheckpointStore result = store;
        for (CheckpointStoreDecorator decorator : decorators) {
            result = decorator.decorate(result);
        }
        return result;
    }
}
