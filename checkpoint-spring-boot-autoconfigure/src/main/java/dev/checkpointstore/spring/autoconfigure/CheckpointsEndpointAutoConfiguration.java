package dev.checkpointstore.spring.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.CheckpointSaveHistory;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpointWebExtension;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;

/**
 * Auto-configuration of the {@link CheckpointsEndpoint}, when it is exposed
 * ({@code management.endpoints.web.exposure.include=checkpoints}), and of its
 * {@link CheckpointsEndpointWebExtension} when it is exposed over HTTP.
 */
@AutoConfiguration(after = CheckpointAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(CheckpointsEndpoint.class)
@ConditionalOnBean({ CheckpointStore.class, CheckpointInspector.class, CheckpointOrphanCleaner.class })
public final class CheckpointsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CheckpointsEndpoint checkpointsEndpoint(CheckpointStore checkpointStore, CheckpointInspector checkpointInspector,
            CheckpointOrphanCleaner checkpointOrphanCleaner, ObjectProvider<CheckpointRecovery> checkpointRecovery,
            ObjectProvider<CheckpointSaveHistory> checkpointSaveHistory,
            ObjectProvider<CheckpointCoordinator> checkpointCoordinator) {
        return new CheckpointsEndpoint(checkpointStore, checkpointInspector, checkpointOrphanCleaner,
                checkpointRecovery.getIfAvailable(), checkpointSaveHistory.getIfAvailable(),
                checkpointCoordinator.getIfAvailable(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(CheckpointsEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    CheckpointsEndpointWebExtension checkpointsEndpointWebExtension(CheckpointsEndpoint checkpointsEndpoint) {
        return new CheckpointsEndpointWebExtension(checkpointsEndpoint);
    }
}
