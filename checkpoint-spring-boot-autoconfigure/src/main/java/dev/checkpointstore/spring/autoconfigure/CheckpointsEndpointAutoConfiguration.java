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

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.CheckpointBackend;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.ForwardingCheckpointStore;
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
            CheckpointOrphanCleaner checkpointOrphanCleaner, CheckpointProperties properties,
            ObjectProvider<CheckpointRecovery> checkpointRecovery,
            ObjectProvider<CheckpointCoordinator> checkpointCoordinator) {
        CheckpointStore inner = ForwardingCheckpointStore.unwrap(checkpointStore);
        int retention = inner instanceof AbstractCheckpointStore base ? base.maxRetained() : properties.getRetention();
        return new CheckpointsEndpoint(checkpointStore, checkpointInspector, checkpointOrphanCleaner,
                CheckpointBackend.nameOf(checkpointStore), retention, checkpointRecovery.getIfAvailable(),
                Clock.systemUTC(), checkpointCoordinator.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(CheckpointsEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    CheckpointsEndpointWebExtension checkpointsEndpointWebExtension(CheckpointsEndpoint checkpointsEndpoint) {
        return new CheckpointsEndpointWebExtension(checkpointsEndpoint);
    }
}
