package dev.checkpointstore.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.util.LambdaSafe;

import dev.checkpointstore.core.CheckpointStoreBuilder;

/**
 * Runs the {@link CheckpointStoreBuilderCustomizer}s that accept a backend's builder, in order.
 */
final class StoreBuilderCustomizers {

    private StoreBuilderCustomizers() {
    }

    /**
     * Calls each customizer whose type argument accepts the builder.
     * @param builder the backend's builder
     * @param customizers every customizer bean
     */
    @SuppressWarnings("unchecked")
    static <B extends CheckpointStoreBuilder<?>> void customize(B builder,
            ObjectProvider<CheckpointStoreBuilderCustomizer<?>> customizers) {
        LambdaSafe.callbacks(CheckpointStoreBuilderCustomizer.class, customizers.orderedStream().toList(), builder)
                .withLogger(StoreBuilderCustomizers.class)
                .invoke(customizer -> customizer.customize(builder));
    }
}
