package dev.checkpointstore.spring.coordinator.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListener;

import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.autoconfigure.CheckpointAutoConfiguration;
import dev.checkpointstore.spring.autoconfigure.CheckpointCoordinatorAutoConfiguration;
import dev.checkpointstore.spring.autoconfigure.KafkaCheckpointCoordinatorAutoConfiguration;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointParticipant;
import dev.checkpointstore.spring.coordinator.RestoredState;
import dev.checkpointstore.spring.coordinator.StateSnapshot;
import dev.checkpointstore.spring.coordinator.TransactionalSink;

import static dev.checkpointstore.spring.coordinator.kafka.KafkaCheckpointCoordinatorTests.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's coordinator example, as written there (with a serializer and an in-memory table
 * filled in), across a restart.
 */
class ReadmeExampleTests {

    /** The table the example's sink publishes to, and its staging area, outliving each run. */
    static final Map<String, Long> TABLE = new ConcurrentHashMap<>();

    static final Map<Long, Map<String, Long>> STAGED = new ConcurrentHashMap<>();

    private final InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, CheckpointAutoConfiguration.class,
                    CheckpointCoordinatorAutoConfiguration.class, KafkaCheckpointCoordinatorAutoConfiguration.class))
            .withBean(InMemoryCheckpointStore.class, () -> store)
            .withBean(CountsTable.class)
            .withBean(ClickCounts.class)
            .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                    "spring.kafka.consumer.auto-offset-reset=earliest", "spring.kafka.listener.poll-timeout=100ms",
                    "checkpoint.coordinator.enabled=true", "spring.kafka.consumer.group-id=clicks",
                    "checkpoint.orphan-cleanup.enabled=false");

    @Test
    void countsEveryClickOnceAcrossARestartAndPublishesOnlyCommittedEpochs() {
        clicks("ann", "bob", "ann");
        app.run(context -> {
            awaitUntil(() -> context.getBean(ClickCounts.class).counts.values().stream().mapToLong(Long::longValue)
                    .sum() == 3);
            context.getBean(CheckpointCoordinator.class).checkpoint();
            assertThat(TABLE).containsExactlyInAnyOrderEntriesOf(Map.of("ann", 2L, "bob", 1L));
        });
        clicks("ann", "cid");
        app.run(context -> {
            ClickCounts counts = context.getBean(ClickCounts.class);
            awaitUntil(() -> counts.counts.values().stream().mapToLong(Long::longValue).sum() == 5);
            context.getBean(CheckpointCoordinator.class).checkpoint();
            assertThat(counts.counts).containsExactlyInAnyOrderEntriesOf(Map.of("ann", 3L, "bob", 1L, "cid", 1L));
        });
        assertThat(TABLE).containsExactlyInAnyOrderEntriesOf(Map.of("ann", 3L, "bob", 1L, "cid", 1L));
        assertThat(STAGED).isEmpty();
    }

    private static void clicks(String... users) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            for (String user : users) {
                producer.send(new ProducerRecord<>("clicks", user, "click"));
            }
            producer.flush();
        }
    }

    static byte[] serialize(Map<String, Long> counts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(counts.size());
            for (Map.Entry<String, Long> entry : new TreeMap<>(counts).entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static Map<String, Long> deserialize(byte[] bytes) {
        Map<String, Long> counts = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                counts.put(in.readUTF(), in.readLong());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return counts;
    }

    // ---- from the README ----

    static class ClickCounts implements CheckpointParticipant {

        private final Map<String, Long> counts = new ConcurrentHashMap<>();
        private final CountsTable table;

        ClickCounts(CountsTable table) {
            this.table = table;
        }

        @KafkaListener(id = "clicks", topics = "clicks")
        void onClick(ConsumerRecord<String, String> click) {
            table.write(click.key(), counts.merge(click.key(), 1L, Long::sum));
        }

        public String name() {
            return "click-counts";
        }

        public StateSnapshot snapshot() {
            return StateSnapshot.of(serialize(counts));
        }

        public void restore(RestoredState state) {
            state.state().ifPresent(bytes -> counts.putAll(deserialize(bytes)));
        }
    }

    static class CountsTable implements TransactionalSink {

        private final Map<String, Long> changed = new ConcurrentHashMap<>();

        void write(String user, long count) {
            changed.put(user, count);
        }

        public String name() {
            return "counts-table";
        }

        public void preCommit(long epoch) {
            STAGED.put(epoch, Map.copyOf(changed));
            changed.clear();
        }

        public void commit(long epoch) {
            new TreeMap<>(STAGED).headMap(epoch, true).forEach((staged, rows) -> {
                TABLE.putAll(rows);
                STAGED.remove(staged);
            });
        }

        public void abort(long epoch) {
            STAGED.keySet().removeIf(staged -> staged >= epoch);
        }
    }
}
