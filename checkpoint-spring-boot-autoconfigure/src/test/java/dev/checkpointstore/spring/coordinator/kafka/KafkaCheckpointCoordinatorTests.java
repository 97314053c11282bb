package dev.checkpointstore.spring.coordinator.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.ForwardingCheckpointStore;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.autoconfigure.CheckpointAutoConfiguration;
import dev.checkpointstore.spring.autoconfigure.CheckpointCoordinatorAutoConfiguration;
import dev.checkpointstore.spring.autoconfigure.KafkaCheckpointCoordinatorAutoConfiguration;
import dev.checkpointstore.spring.coordinator.CheckpointCompletedEvent;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointResult;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;
import dev.checkpointstore.spring.coordinator.TransactionalSink;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator with spring-kafka listener containers against a KRaft broker in this JVM: where
 * partitions resume, when offsets reach the consumer group, and how partitions move between two
 * instances.
 */
class KafkaCheckpointCoordinatorTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String LISTENER = "counter";

    private final String topic = EmbeddedKafka.newTopic("counts");

    private final String group = topic + "-group";

    private ApplicationContextRunner app(CheckpointStore store) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, CheckpointAutoConfiguration.class,
                        CheckpointCoordinatorAutoConfiguration.class, KafkaCheckpointCoordinatorAutoConfiguration.class))
                .withUserConfiguration(CountingApp.class)
                .withBean(CheckpointStore.class, () -> store)
                .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                        "spring.kafka.consumer.group-id=" + group, "spring.kafka.consumer.auto-offset-reset=earliest",
                        "spring.kafka.listener.poll-timeout=100ms", "test.topic=" + topic,
                        "checkpoint.coordinator.enabled=true", "checkpoint.coordinator.interval=0",
                        "checkpoint.orphan-cleanup.enabled=false");
    }

    @Test
    void aFreshStartReadsFromAutoOffsetResetAndRecordsTheLastConsumedOffsetOfEachPartition() {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();
        EmbeddedKafka.produce(topic, 3, 0, 1);
        EmbeddedKafka.produce(topic, 1, 3);
        app(store).run(context -> {
            CountingApp counting = context.getBean(CountingApp.class);
            awaitUntil(() -> counting.consumed.size() == 7);

            CheckpointResult result = context.getBean(CheckpointCoordinator.class).checkpoint();

            CheckpointManifest manifest = store.loadById(result.checkpointId()).orElseThrow();
            assertThat(manifest.sourceNames()).containsExactly(LISTENER);
            assertThat(manifest.sourceOffsets().get(LISTENER)).isEqualTo(new ConnectorCheckpoint(
                    Map.of(topic + "-0", "2", topic + "-1", "2", topic + "-3", "0"), result.epoch(),
                    Map.of("group", group)));
            assertThat(manifest.operatorStates()).containsOnlyKeys("counts/" + topic + "-0", "counts/" + topic + "-1",
                    "counts/" + topic + "-3");
            assertThat(store.loadOperatorState(result.checkpointId(), "counts/" + topic + "-0"))
                    .hasValue(PartitionCounts.encode(3));
        });
    }

    @Test
    void eachPartitionResumesJustAfterItsCheckpointedOffsetAndOneWithoutKeepsTheGroupsOffsetOrAutoOffsetReset() {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();
        EmbeddedKafka.produce(topic, 10, 0, 1, 2, 3);
        String earlierCheckpoint = new CommitMetadata(2, store.location()).encode();
        EmbeddedKafka.commit(group, Map.of(partition(0), new OffsetAndMetadata(2, earlierCheckpoint), partition(2),
                new OffsetAndMetadata(7)));
        saveCheckpoint(store, 3, Map.of(0, 4L, 1, 9L), Map.of(0, 5L, 1, 10L));
        app(store).run(context -> {
            CountingApp counting = context.getBean(CountingApp.class);
            EmbeddedKafka.produce(topic, 1, 0, 1, 2, 3);
            awaitUntil(() -> counting.offsets(0).contains(10L) && counting.offsets(1).contains(10L)
                    && counting.offsets(2).contains(10L) && counting.offsets(3).contains(10L));

            assertThat(counting.offsets(0)).as("recorded 4, the group behind at an earlier checkpoint's 2: resumes at 5")
                    .containsExactlyElementsOf(range(5, 10));
            assertThat(counting.offsets(1)).as("recorded 9: resumes at 10").containsExactly(10L);
            assertThat(counting.offsets(2)).as("no record: the group's 7").containsExactlyElementsOf(range(7, 10));
            assertThat(counting.offsets(3)).as("no record, no commit: earliest").containsExactlyElementsOf(range(0, 10));
            assertThat(counting.counts.counts()).containsEntry(partition(0), 11L).containsEntry(partition(1), 11L)
                    .containsEntry(partition(2), 4L).containsEntry(partition(3), 11L);
        });
    }

    @Test
    void aPartitionTheGroupMovedOnSinceTheCheckpointStartsAtTheGroupsOffsetWithItsStateDiscarded() {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();
        EmbeddedKafka.produce(topic, 10, 0, 1);
        EmbeddedKafka.commit(group, Map.of(partition(0), new OffsetAndMetadata(8, ""), partition(1),
                new OffsetAndMetadata(5, "")));
        saveCheckpoint(store, 3, Map.of(0, 4L, 1, 4L), Map.of(0, 5L, 1, 5L));
        app(store).run(context -> {
            CountingApp counting = context.getBean(CountingApp.class);
            EmbeddedKafka.produce(topic, 1, 0, 1);
            awaitUntil(() -> counting.offsets(0).contains(10L) && counting.offsets(1).contains(10L));

            assertThat(counting.offsets(0)).as("moved on to 8 by someone else").containsExactly(8L, 9L, 10L);
            assertThat(counting.counts.counts()).as("the checkpointed 5 were discarded").containsEntry(partition(0), 3L);
            assertThat(counting.offsets(1)).as("the group is where the checkpoint left it")
                    .containsExactlyElementsOf(range(5, 10));
            assertThat(counting.counts.counts()).containsEntry(partition(1), 11L);
        });
    }

    @Test
    void offsetsReachTheGroupOnlyAfterTheCheckpointIsCommitted() {
        HoldingStore store = new HoldingStore(InMemoryCheckpointStore.builder().build());
        app(store).run(context -> {
            CountingApp counting = context.getBean(CountingApp.class);
            EmbeddedKafka.produce(topic, 5, 0, 1);
            awaitUntil(() -> counting.consumed.size() == 10);
            EmbeddedKafka.produce(topic, 5, 0, 1);
            awaitUntil(() -> counting.consumed.size() == 20);
            assertThat(EmbeddedKafka.committed(group)).as("committed before any checkpoint").isEmpty();

            AtomicReference<CheckpointResult> taken = new AtomicReference<>();
            Thread checkpointing = new Thread(() -> taken.set(context.getBean(CheckpointCoordinator.class).checkpoint()));
            checkpointing.start();
            assertThat(store.updating.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            EmbeddedKafka.produce(topic, 1, 0, 1);
            awaitUntil(() -> counting.consumed.size() == 22);
            assertThat(EmbeddedKafka.committed(group)).as("committed while the checkpoint is still Pending").isEmpty();

            store.release.countDown();
            checkpointing.join(PATIENCE.toMillis());
            long id = taken.get().checkpointId();
            awaitUntil(() -> EmbeddedKafka.committed(group).size() == 2);
            Map<TopicPartition, OffsetAndMetadata> committed = EmbeddedKafka.committed(group);
            assertThat(committed.get(partition(0)).offset()).isEqualTo(10);
            assertThat(committed.get(partition(1)).offset()).isEqualTo(10);
            assertThat(CommitMetadata.decode(committed.get(partition(0)).metadata()))
                    .hasValue(new CommitMetadata(id, store.location()));
            assertThat(counting.sinkCalls).containsSubsequence("preCommit " + id, "commit " + id);
        });
    }

    @Test
    void onARebalanceTheRevokingInstanceCheckpointsAndTheOtherResumesExactlyWhereItStopped() {
        InMemoryCheckpointStore storeA = InMemoryCheckpointStore.builder().build();
        InMemoryCheckpointStore storeB = InMemoryCheckpointStore.builder().build();
        List<CheckpointResult> checkpointsOfA = new CopyOnWriteArrayList<>();
        EmbeddedKafka.produce(topic, 50, 0, 1, 2, 3);
        app(storeA).withBean("checkpointsOfA", ApplicationListener.class,
                () -> (ApplicationListener<CheckpointCompletedEvent>) event -> checkpointsOfA.add(event.getResult()))
                .run(a -> {
                    CountingApp first = a.getBean(CountingApp.class);
                    awaitUntil(() -> first.consumed.size() == 200);
                    app(storeB).run(b -> {
                        CountingApp second = b.getBean(CountingApp.class);
                        MessageListenerContainer containerOfB = b.getBean(KafkaListenerEndpointRegistry.class)
                                .getListenerContainer(LISTENER);
                        awaitUntil(() -> !containerOfB.getAssignedPartitions().isEmpty());
                        EmbeddedKafka.produce(topic, 50, 0, 1, 2, 3);
                        awaitUntil(() -> first.consumed.size() + second.consumed.size() >= 400);

                        for (int p = 0; p < EmbeddedKafka.PARTITIONS; p++) {
                            List<Long> all = new ArrayList<>(first.offsets(p));
                            all.addAll(second.offsets(p));
                            assertThat(all).as("partition %d, each offset once across both instances", p)
                                    .containsExactlyInAnyOrderElementsOf(range(0, 99));
                        }
                        assertThat(second.assigned).isNotEmpty();
                        CheckpointResult revocation = checkpointsOfA.stream()
                                .filter(checkpoint -> checkpoint.trigger() == CheckpointTrigger.REVOCATION).findFirst()
                                .orElseThrow();
                        Map<String, String> stoppedAt = revocation.sourceOffsets().get(LISTENER).offsets();
                        for (TopicPartition moved : second.assigned) {
                            assertThat(second.offsets(moved.partition())).first()
                                    .as("first offset of %s at the second instance", moved)
                                    .isEqualTo(Long.parseLong(stoppedAt.get(topic + "-" + moved.partition())) + 1);
                        }
                    });
                });
    }

    private TopicPartition partition(int partition) {
        return new TopicPartition(topic, partition);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private void saveCheckpoint(CheckpointStore store, long id, Map<Integer, Long> lastOffsets, Map<Integer, Long> counts) {
        Map<String, String> offsets = new TreeMap<>();
        lastOffsets.forEach((p, offset) -> offsets.put(topic + "-" + p, Long.toString(offset)));
        CheckpointManifest.Builder manifest = CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(1)
                .vnodeCount(store.vnodeCount()).putSourceOffset(LISTENER, ConnectorCheckpoint.of(offsets, id));
        counts.forEach((p, count) -> manifest.putOperatorState("counts/" + topic + "-" + p,
                OperatorCheckpoint.inline(PartitionCounts.encode(count))));
        store.saveWithState(manifest.build(), null);
    }

    static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for the condition", PATIENCE).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A listener that records what it consumed and counts records per partition. */
    @Configuration(proxyBeanMethods = false)
    static class CountingApp {

        final List<ConsumerRecord<String, String>> consumed = new CopyOnWriteArrayList<>();

        final List<TopicPartition> assigned = new CopyOnWriteArrayList<>();

        final PartitionCounts counts = new PartitionCounts(assigned);

        final List<String> sinkCalls = new CopyOnWriteArrayList<>();

        @Bean
        PartitionCounts counts() {
            return counts;
        }

        @Bean
        TransactionalSink sink() {
            return new TransactionalSink() {
                @Override
                public String name() {
                    return "out";
                }

                @Override
                public void preCommit(long epoch) {
                    sinkCalls.add("preCommit " + epoch);
                }

                @Override
                public void commit(long epoch) {
                    sinkCalls.add("commit " + epoch);
                }

                @Override
                public void abort(long epoch) {
                    sinkCalls.add("abort " + epoch);
                }
            };
        }

        @KafkaListener(id = LISTENER, idIsGroup = false, topics = "${test.topic}")
        void on(ConsumerRecord<String, String> record) {
            consumed.add(record);
            counts.add(new TopicPartition(record.topic(), record.partition()));
        }

        List<Long> offsets(int partition) {
            return consumed.stream().filter(record -> record.partition() == partition).map(ConsumerRecord::offset)
                    .toList();
        }
    }

    /** Counts records per partition: the per-partition state a Kafka service keeps. */
    static final class PartitionCounts implements PartitionedCheckpointParticipant {

        private final Map<TopicPartition, Long> counts = new ConcurrentHashMap<>();

        private final List<TopicPartition> seen;

        PartitionCounts(List<TopicPartition> seen) {
            this.seen = seen;
        }

        static byte[] encode(long count) {
            return ByteBuffer.allocate(8).putLong(count).array();
        }

        void add(TopicPartition partition) {
            if (!seen.contains(partition)) {
                seen.add(partition);
            }
            counts.merge(partition, 1L, Long::sum);
        }

        Map<TopicPartition, Long> counts() {
            return Map.copyOf(counts);
        }

        @Override
        public String name() {
            return "counts";
        }

        @Override
        public @Nullable String listenerId() {
            return LISTENER;
        }

        @Override
        public Map<TopicPartition, byte[]> snapshotPartitions() {
            Map<TopicPartition, byte[]> state = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
            counts.forEach((partition, count) -> state.put(partition, encode(count)));
            return state;
        }

        @Override
        public void restorePartitions(Map<TopicPartition, byte[]> states) {
            states.forEach((partition, bytes) -> counts.put(partition, ByteBuffer.wrap(bytes).getLong()));
        }

        @Override
        public void discard(Collection<TopicPartition> partitions) {
            partitions.forEach(counts::remove);
        }
    }

    /** Holds the update that records a checkpoint as Committed until released. */
    static final class HoldingStore implements ForwardingCheckpointStore {

        final CheckpointStore delegate;
        final CountDownLatch updating = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HoldingStore(CheckpointStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public CheckpointStore delegate() {
            return delegate;
        }

        @Override
        public void updateManifest(CheckpointManifest manifest) {
            updating.countDown();
            try {
                assertThat(release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            delegate.updateManifest(manifest);
        }
    }
}
