package dev.checkpointstore.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinatorLifecycle;
import dev.checkpointstore.spring.coordinator.CheckpointParticipant;
import dev.checkpointstore.spring.coordinator.CheckpointSource;
import dev.checkpointstore.spring.coordinator.TransactionalSink;

/**
 * Auto-configuration of the {@link CheckpointCoordinator} ({@code checkpoint.coordinator.enabled=true}):
 * the coordinator over the application's {@link CheckpointStore}, and its lifecycle, which
 * registers every {@link CheckpointParticipant}, {@link TransactionalSink} and
 * {@link CheckpointSource} bean, restores them from the startup {@link CheckpointRecovery} before
 * any lifecycle bean starts, and checkpoints every {@code checkpoint.coordinator.interval}.
 */
@AutoConfiguration(after = CheckpointAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "checkpoint.coordinator.enabled")
@ConditionalOnBean({ CheckpointStore.class, CheckpointRecovery.class })
@EnableConfigurationProperties(CheckpointCoordinatorProperties.class)
public final class CheckpointCoordinatorAutoConfiguration {

    @Bean
    static LazyInitializationExcludeFilter eagerCheckpointCoordinator() {
        return LazyInitializationExcludeFilter.forBeanTypes(CheckpointCoordinatorLifecycle.class);
    }

    @Bean
    @ConditionalOnMissingBean
    CheckpointCoordinator checkpointCoordinator(CheckpointStore checkpointStore,
            CheckpointCoordinatorProperties properties, ApplicationEventPublisher publisher) {
        return CheckpointCoordinator.builder(checkpointStore)
                .inlineThreshold((int) properties.getInlineThreshold().toBytes())
                .barrierTimeout(properties.getBarrierTimeout())
                .pipelineId(properties.getPipelineId())
                .eventPublisher(publisher)
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    CheckpointCoordinatorLifecycle checkpointCoordinatorLifecycle(CheckpointCoordinator checkpointCoordinator,
            CheckpointRecovery checkpointRecovery, CheckpointCoordinatorProperties properties,
            ObjectProvider<CheckpointParticipant> participants, ObjectProvider<TransactionalSink> sinks,
            ObjectProvider<CheckpointSource> sources) {
        return new CheckpointCoordinatorLifecycle(checkpointCoordinator, checkpointRecovery,
                participants.orderedStream().toList(), sinks.orderedStream().toList(), sources.orderedStream().toList(),
                properties.getInterval(), properties.isCheckpointOnShutdown());
    }
}
