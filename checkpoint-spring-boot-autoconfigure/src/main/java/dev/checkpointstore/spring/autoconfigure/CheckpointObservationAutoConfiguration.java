package dev.checkpointstore.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.checkpointstore.spring.observation.CheckpointObservationConvention;
import dev.checkpointstore.spring.observation.ObservedCheckpointStore;

/**
 * Auto-configuration of checkpoint observations when Micrometer's {@link ObservationRegistry} is
 * present (Spring Boot's {@code ObservationAutoConfiguration} provides it): the auto-configured
 * store is decorated with an {@link ObservedCheckpointStore}, so saves, recoveries (the startup
 * recovery included), prunes and orphan cleanups become observations, and spans with
 * micrometer-tracing. A {@link CheckpointObservationConvention} bean replaces the default
 * convention. A store the application defines itself is left as it is.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        after = CheckpointAutoConfiguration.class)
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
public final class CheckpointObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "observedCheckpointStoreDecorator")
    CheckpointStoreDecorator observedCheckpointStoreDecorator(ObservationRegistry observationRegistry,
            ObjectProvider<CheckpointObservationConvention> checkpointObservationConvention) {
        return store -> new ObservedCheckpointStore(store, store.describe().backend(), observationRegistry,
                checkpointObservationConvention.getIfAvailable());
    }
}
