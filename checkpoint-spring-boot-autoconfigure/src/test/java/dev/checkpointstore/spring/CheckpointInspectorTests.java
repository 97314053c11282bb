package dev.checkpointstore.spring;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointInspectorTests {

    private final AtomicLong nanos = new AtomicLong();

    private CheckpointInspector inspector(CountingCheckpointStore store, Duration ttl) {
        return new CheckpointInspector(store, ttl, nanos::get);
    }

    @Test
    void recoveryChoosesTheNewestValidCheckpointLikeTheStore() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(3);
        TestCheckpoints.corruptState(memory, 3);
        CountingCheckpointStore store = new CountingCheckpointStore(memory);

        RecoveryReport report = inspector(store, Duration.ZERO).recovery();

        RecoveryReport expected = memory.recoverLatestValidated();
        assertThat(report.chosenId()).isEqualTo(expected.chosenId()).hasValue(2);
        assertThat(report.skipped()).isEqualTo(expected.skipped());
        assertThat(report.examined()).as("ids listed").isEqualTo(3);
    }

    @Test
    void reusesTheWalkWithinTheTimeToLive() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(2));
        CheckpointInspector inspector = inspector(store, Duration.ofSeconds(30));

        RecoveryReport first = inspector.recovery();
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        RecoveryReport second = inspector.recovery();

        assertThat(second).isSameAs(first);
        assertThat(store.calls("listIds")).isEqualTo(1);
    }

    @Test
    void walksAgainOnceTheTimeToLiveHasPassed() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(2);
        CountingCheckpointStore store = new CountingCheckpointStore(memory);
        CheckpointInspector inspector = inspector(store, Duration.ofSeconds(30));
        inspector.recovery();

        TestCheckpoints.save(memory, 3);
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());

        assertThat(inspector.recovery().chosenId()).hasValue(3);
        assertThat(store.calls("listIds")).isEqualTo(2);
    }

    @Test
    void validatesEachUnchangedCheckpointOnlyOnce() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(3);
        TestCheckpoints.corruptState(memory, 3);
        CountingCheckpointStore store = new CountingCheckpointStore(memory);
        CheckpointInspector inspector = inspector(store, Duration.ZERO);

        inspector.recovery();
        inspector.recovery();
        inspector.recovery();

        assertThat(store.calls("listIds")).isEqualTo(3);
        assertThat(store.calls("validateCheckpoint")).isEqualTo(2);
    }

    @Test
    void validatesOnlyCheckpointsNotValidatedBefore() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(2);
        CountingCheckpointStore store = new CountingCheckpointStore(memory);
        CheckpointInspector inspector = inspector(store, Duration.ZERO);
        inspector.recovery();
        TestCheckpoints.save(memory, 3);
        TestCheckpoints.corruptState(memory, 3);

        RecoveryReport report = inspector.recovery();

        assertThat(report.chosenId()).hasValue(2);
        assertThat(store.calls("validateCheckpoint")).as("1 at first, then only checkpoint 3").isEqualTo(2);
    }

    @Test
    void validatesAgainWhenASidecarChangesBehindAnUnchangedManifest() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(2);
        CountingCheckpointStore store = new CountingCheckpointStore(memory);
        CheckpointInspector inspector = inspector(store, Duration.ZERO);
        assertThat(inspector.recovery().chosenId()).hasValue(2);

        TestCheckpoints.corruptState(memory, 2);

        RecoveryReport report = inspector.recovery();
        assertThat(report.chosenId()).hasValue(1);
        assertThat(report.skipped()).singleElement()
                .satisfies(s -> assertThat(s.reason()).startsWith("state.bin checksum mismatch"));
        assertThat(store.calls("validateCheckpoint")).as("2 at first, then 2 again and 1").isEqualTo(3);
    }

    @Test
    void anAdoptedWalkAnswersUntilTheTimeToLivePasses() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(2);
        CountingCheckpointStore store = new CountingCheckpointStore(memory);
        CheckpointInspector inspector = inspector(store, Duration.ofSeconds(30));
        RecoveryReport startup = memory.recoverLatestValidated();

        inspector.adoptWalk(startup);
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());

        assertThat(inspector.recovery()).isSameAs(startup);
        assertThat(store.calls("listIds")).isZero();
        assertThat(store.calls("validateCheckpoint")).isZero();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(inspector.recovery().chosenId()).hasValue(2);
        assertThat(store.calls("listIds")).isEqualTo(1);
    }

    @Test
    void adoptingAWalkKeepsAWalkAlreadyMade() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(2));
        CheckpointInspector inspector = inspector(store, Duration.ofSeconds(30));
        RecoveryReport own = inspector.recovery();

        inspector.adoptWalk(InMemoryCheckpointStore.builder().build().recoverLatestValidated());

        assertThat(inspector.recovery()).isSameAs(own);
    }

    @Test
    void validatesAgainWhenAManifestChanges() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(1);
        CountingCheckpointStore store = new CountingCheckpointStore(memory);
        CheckpointInspector inspector = inspector(store, Duration.ZERO);
        assertThat(inspector.validate(1).valid()).isTrue();

        memory.updateManifest(memory.loadById(1).orElseThrow().toBuilder().epoch(0).build());

        assertThat(inspector.validate(1).valid()).isFalse();
        assertThat(store.calls("validateCheckpoint")).isEqualTo(2);
    }

    @Test
    void reportsAMissingManifestWithoutCachingIt() {
        CountingCheckpointStore store = new CountingCheckpointStore(InMemoryCheckpointStore.builder().build());

        assertThat(inspector(store, Duration.ZERO).validate(7).fatalReason())
                .isEqualTo("manifest not found for checkpoint 7");
    }

    @Test
    void reportsACorruptManifestAsInvalid() {
        InMemoryCheckpointStore memory = InMemoryCheckpointStore.builder().build();
        memory.putRawManifest(4, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        RecoveryReport report = inspector(new CountingCheckpointStore(memory), Duration.ZERO).recovery();

        assertThat(report.chosenId()).isEmpty();
        assertThat(report.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).startsWith("corrupt manifest"));
    }

    @Test
    void invalidateForcesANewWalk() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(1));
        CheckpointInspector inspector = inspector(store, Duration.ofHours(1));
        inspector.recovery();

        inspector.invalidate();
        inspector.recovery();

        assertThat(store.calls("listIds")).isEqualTo(2);
    }

    @Test
    void doesNotCacheFailures() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(1));
        CheckpointInspector inspector = inspector(store, Duration.ofHours(1));
        store.failWith(new CheckpointBackendException("bucket unreachable"));
        assertThatThrownBy(inspector::recovery).hasMessage("bucket unreachable");

        store.failWith(null);

        assertThat(inspector.recovery().chosenId()).hasValue(1);
    }

    @Test
    void rejectsANegativeTimeToLive() {
        CountingCheckpointStore store = new CountingCheckpointStore(InMemoryCheckpointStore.builder().build());
        assertThatThrownBy(() -> new CheckpointInspector(store, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }
}
