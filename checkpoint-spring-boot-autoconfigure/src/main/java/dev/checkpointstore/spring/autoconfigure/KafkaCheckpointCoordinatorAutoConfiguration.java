package dev.checkpointstore.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointParticipant;
import dev.checkpointstore.spring.coordinator.kafka.KafkaListenerEnrollment;
import dev.checkpointstore.spring.coordinator.kafka.PartitionedCheckpointParticipant;

/**
 * Auto-configuration of Kafka as a checkpoint source, when spring-kafka is on the classpath and
 * the {@link CheckpointCoordinator} is enabled: the {@link KafkaListenerEnrollment}, which enrolls
 * the listener containers ({@code checkpoint.coordinator.kafka.listeners}, all by default) just
 * before they start.
 */
@AutoConfiguration(after = CheckpointCoordinatorAutoConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({ KafkaListenerEndpointRegistry.class, MessageListenerContainer.class })
@ConditionalOnBooleanProperty(name = "checkpoint.coordinator.kafka.enabled", matchIfMissing = true)
@ConditionalOnBean(CheckpointCoordinator.class)
public final class KafkaCheckpointCoordinatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KafkaListenerEnrollment checkpointKafkaListenerEnrollment(CheckpointCoordinator checkpointCoordinator,
            CheckpointCoordinatorProperties properties, ObjectProvider<KafkaListenerEndpointRegistry> registry,
            ObjectProvider<MessageListenerContainer> containerBeans, ObjectProvider<CheckpointParticipant> participants) {
        CheckpointCoordinatorProperties.Kafka kafka = properties.getKafka();
        List<PartitionedCheckpointParticipant> partitioned = participants.orderedStream()
                .filter(PartitionedCheckpointParticipant.class::isInstance)
                .map(PartitionedCheckpointParticipant.class::cast).toList();
        return new KafkaListenerEnrollment(checkpointCoordinator, () -> containers(registry, containerBeans),
                kafka.getListeners(), kafka.getSourceNames(), partitioned);
    }

    private static Collection<MessageListenerContainer> containers(ObjectProvider<KafkaListenerEndpointRegistry> registry,
            ObjectProvider<MessageListenerContainer> containerBeans) {
        KafkaListenerEndpointRegistry endpoints = registry.getIfAvailable();
        if (endpoints != null) {
            return endpoints.getAllListenerContainers();
        }
        List<MessageListenerContainer> containers = new ArrayList<>();
        containerBeans.orderedStream().forEach(containers::add);
        return containers;
    }
}
