package dev.checkpointstore.sample.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.checkpointstore.sample.ExpectedResult;
import dev.checkpointstore.sample.pipeline.EventStream;
import dev.checkpointstore.sample.pipeline.SourceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample in Kafka mode, against a KRaft broker in this JVM, survives repeated
 * SIGKILLs, one of them inside a checkpoint save, with an exactly-once result: the topic holds a
 * known stream of events (key the key name, value the value) over four partitions, and the final
 * counts equal those computed from the stream's definition.
 */
class KafkaKillAndResumeIT {

    private static final long TOTAL = 300_000;
    private static final int KEYS = 25_000;
    private static final int PARTITIONS = 4;
    private static final String TOPIC = "sample-events-e2e";

    @Test
    void resultAfterFiveKillsOneInsideASaveEqualsTheIndependentlyComputedResult() throws Exception {
        Path workDir = E2eDirs.fresh("kafka");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.afterPropertiesSet();
        try {
            String servers = broker.getBrokersAsString();
            try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", servers))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
                produceTheStream(servers);
                KillAndResume scenario = new KillAndResume(workDir, List.of("--sample.mode=kafka",
                        "--spring.kafka.bootstrap-servers=" + servers, "--sample.kafka.topic=" + TOPIC,
                        "--sample.events.keys=" + KEYS, "--sample.events.rate=20000",
                        "--checkpoint.coordinator.interval=200ms", "--checkpoint.coordinator.inline-threshold=1KB"),
                        TOTAL).killInsideASave(random.nextInt(5));

                String result = scenario.run(5, Duration.ofSeconds(3), random);

                System.out.println("kafka kill-and-resume (seed " + seed + "):\n  "
                        + String.join("\n  ", scenario.history()));
                assertThat(result).as("result after %s (seed %d)", scenario.history(), seed)
                        .isEqualTo(ExpectedResult.of(TOTAL, KEYS));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("checkpoint-sample")
                        .partitionsToOffsetAndMetadata().get();
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                        .as("the group's committed offsets, after the last checkpoint").isEqualTo(TOTAL);
            }
            assertThat(workDir.resolve("checkpoint-data/checkpoints/latest.txt")).isRegularFile();
            try (Stream<Path> epochs = Files.list(workDir.resolve("sample-output/epochs"))) {
                assertThat(epochs.map(path -> path.getFileName().toString())).isNotEmpty()
                        .allMatch(name -> name.matches("epoch-\\d{6}\\.json"));
            }
        }
        finally {
            broker.destroy();
        }
    }

    /** The generator's stream as records, each key to its partition by Kafka's default partitioner. */
    private static void produceTheStream(String servers) {
        EventStream stream = new EventStream(TOTAL, KEYS);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (long offset = 0; offset < TOTAL; offset++) {
                SourceEvent event = stream.event(offset);
                producer.send(new ProducerRecord<>(TOPIC, stream.keyName(event.keyId()),
                        Integer.toString(event.value())));
            }
            producer.flush();
        }
    }
}
