package dev.checkpointstore.sample;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.checkpointstore.sample.kafka.KafkaCompletion;
import dev.checkpointstore.sample.kafka.KafkaCountingListener;
import dev.checkpointstore.sample.kafka.PartitionedCounter;
import dev.checkpointstore.sample.pipeline.EpochFileSink;
import dev.checkpointstore.sample.pipeline.EventStream;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;

/**
 * The Kafka mode ({@code sample.mode=kafka}): a {@code @KafkaListener} counting the topic
 * {@code sample.kafka.topic} per key, its counts a per-partition {@code CheckpointParticipant}
 * bean, its output the shared transactional sink. The starter enrolls the listener's container
 * with the checkpoint coordinator: nothing here commits offsets or takes checkpoints but the
 * completion, which takes the last one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.mode", havingValue = "kafka")
class KafkaModeConfiguration {

    @Bean
    NewTopic sampleTopic(SampleProperties properties) {
        SampleProperties.Kafka kafka = properties.getKafka();
        if (kafka.getPartitions() < 1) {
            throw new IllegalArgumentException("sample.kafka.partitions must be at least 1, was " + kafka.getPartitions());
        }
        return TopicBuilder.name(kafka.getTopic()).partitions(kafka.getPartitions()).build();
    }

    @Bean
    PartitionedCounter partitionedCounter(EventStream eventStream) {
        return new PartitionedCounter(KafkaCountingListener.ID, eventStream.keys());
    }

    @Bean
    KafkaCompletion kafkaCompletion(SampleProperties properties, PartitionedCounter partitionedCounter,
            EpochFileSink epochFileSink, CheckpointCoordinator checkpointCoordinator,
            ConfigurableApplicationContext context) {
        return new KafkaCompletion(properties.getEvents().getTotal(), partitionedCounter, epochFileSink,
                checkpointCoordinator, properties.isExitOnComplete(), context);
    }

    @Bean
    KafkaCountingListener kafkaCountingListener(SampleProperties properties, EventStream eventStream,
            PartitionedCounter partitionedCounter, EpochFileSink epochFileSink, KafkaCompletion kafkaCompletion) {
        return new KafkaCountingListener(eventStream, partitionedCounter, epochFileSink, kafkaCompletion,
                properties.getEvents().getRate());
    }
}
