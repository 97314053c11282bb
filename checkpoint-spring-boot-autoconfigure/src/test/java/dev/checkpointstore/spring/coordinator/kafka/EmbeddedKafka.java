package dev.checkpointstore.spring.coordinator.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One KRaft broker in the test JVM (spring-kafka-test), started on first use, with helpers to
 * create topics, produce to chosen partitions and read a group's committed offsets.
 */
final class EmbeddedKafka {

    static final int PARTITIONS = 4;

    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-shutdown"));
            broker = started;
        }
        return broker.getBrokersAsString();
    }

    /** A new topic of {@value #PARTITIONS} partitions. */
    static String newTopic(String prefix) {
        String topic = prefix + "-" + TOPICS.incrementAndGet();
        withAdmin(admin -> admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get());
        return topic;
    }

    /** Produces {@code count} records to each of the given partitions, values {@code p{partition}}. */
    static void produce(String topic, int count, int... partitions) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int partition : partitions) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, "k" + partition, "p" + partition));
                }
            }
            producer.flush();
        }
    }

    /** Commits offsets for a group from outside the application, with the given metadata. */
    static void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.commitSync(offsets, Duration.ofSeconds(30));
        }
    }

    /** The group's committed offsets. */
    static Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        return withAdmin(admin -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
    }

    private interface AdminCall<T> {

        T call(AdminClient admin) throws InterruptedException, ExecutionException;
    }

    private static <T> T withAdmin(AdminCall<T> call) {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            return call.call(admin);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(ex.getCause());
        }
    }
}
