package dev.checkpointstore.spring.coordinator.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.TopicPartitionOffset;

import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KafkaListenerEnrollmentTests {

    private final CheckpointCoordinator coordinator = CheckpointCoordinator.builder(
            InMemoryCheckpointStore.builder().build()).build();

    private static ConcurrentMessageListenerContainer<String, String> container(String id, ContainerProperties properties,
            Object listener) {
        properties.setMessageListener(listener);
        ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "group",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true")), properties);
        container.setBeanName(id);
        return container;
    }

    private static ContainerProperties topics() {
        return new ContainerProperties("clicks");
    }

    private KafkaListenerEnrollment enrollment(List<String> listeners, MessageListenerContainer... containers) {
        return new KafkaListenerEnrollment(coordinator, () -> List.of(containers), listeners,
                Map.of("clicks", "kafka-clicks"), List.of());
    }

    @Test
    void takesOverCommitsAndWrapsTheContainersOwnInterceptorAndRebalanceListener() {
        ContainerProperties properties = topics();
        List<String> calls = new ArrayList<>();
        ConsumerRebalanceListener own = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                calls.add("own revoked");
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                calls.add("own assigned");
            }
        };
        properties.setConsumerRebalanceListener(own);
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        ConcurrentMessageListenerContainer<String, String> container = container("clicks", properties,
                (MessageListener<String, String>) record -> { });
        RecordInterceptor<String, String> ownInterceptor = (record, consumer) -> record;
        container.setRecordInterceptor(ownInterceptor);
        coordinator.restore(Optional.empty(), 1);

        KafkaListenerEnrollment enrollment = enrollment(List.of(), container);
        enrollment.start();

        ContainerProperties enrolled = container.getContainerProperties();
        assertThat(enrolled.getAckMode()).isEqualTo(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        assertThat(enrolled.getAssignmentCommitOption()).isEqualTo(ContainerProperties.AssignmentCommitOption.NEVER);
        assertThat(enrolled.getKafkaConsumerProperties().getProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG))
                .isEqualTo("false");
        assertThat(enrolled.getConsumerRebalanceListener()).isInstanceOf(CheckpointRebalanceListener.class);
        assertThat(container.getRecordInterceptor()).isInstanceOf(CheckpointRecordInterceptor.class);
        assertThat(coordinator.sources()).containsOnlyKeys("kafka-clicks");
        assertThat(enrollment.sources()).singleElement().satisfies(source -> {
            assertThat(source.listenerId()).isEqualTo("clicks");
            assertThat(source.groupId()).isEqualTo("group");
        });
        ConsumerAwareRebalanceListener wrapped = (ConsumerAwareRebalanceListener) enrolled.getConsumerRebalanceListener();
        try (MockConsumer<String, String> consumer = new MockConsumer<>("earliest")) {
            wrapped.onPartitionsAssigned(consumer, List.of());
            wrapped.onPartitionsRevokedBeforeCommit(consumer, List.of());
        }
        assertThat(calls).containsExactly("own assigned", "own revoked");
    }

    @Test
    void refusesAContainerAssignedPartitionsExplicitly() {
        ContainerProperties properties = new ContainerProperties(new TopicPartitionOffset("clicks", 0));
        MessageListenerContainer container = container("clicks", properties,
                (MessageListener<String, String>) record -> { });

        assertThatIllegalStateException().isThrownBy(() -> enrollment(List.of(), container).start())
                .withMessageContaining("Kafka listener container 'clicks' cannot be enrolled")
                .withMessageContaining("assigned partitions explicitly")
                .withMessageContaining("checkpoint.coordinator.kafka.listeners");
    }

    @Test
    void refusesABatchListener() {
        MessageListenerContainer container = container("clicks", topics(),
                (BatchMessageListener<String, String>) records -> { });

        assertThatIllegalStateException().isThrownBy(() -> enrollment(List.of(), container).start())
                .withMessageContaining("it has a batch listener; only record listeners can be enrolled");
    }

    @Test
    void enrollsOnlyTheNamedListenersAndNamesTheOnesThatDoNotExist() {
        MessageListenerContainer clicks = container("clicks", topics(), (MessageListener<String, String>) r -> { });
        MessageListenerContainer views = container("views", new ContainerProperties("views"),
                (MessageListener<String, String>) r -> { });

        assertThatIllegalStateException().isThrownBy(() -> enrollment(List.of("clicks", "orders"), clicks, views)
                .start()).withMessageContaining("checkpoint.coordinator.kafka.listeners names [orders]")
                .withMessageContaining("[clicks, views]");
    }
}
