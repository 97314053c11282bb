package dev.checkpointstore.spring;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ForwardingCheckpointStore;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointRecoveryTests {

    @Test
    void choosesTheLatestValidCheckpointAndLoadsItsManifest() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(2);

        CheckpointRecovery recovery = CheckpointRecovery.recover(store);

        assertThat(recovery.chosenId()).hasValue(2);
        assertThat(recovery.manifest()).isEqualTo(store.loadById(2));
        assertThat(recovery.outcome()).isEqualTo(RecoveryOutcome.LATEST);
    }

    @Test
    void fallsBackPastAnInvalidCheckpoint() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(2);
        TestCheckpoints.corruptState(store, 2);

        CheckpointRecovery recovery = CheckpointRecovery.recover(store);

        assertThat(recovery.chosenId()).hasValue(1);
        assertThat(recovery.outcome()).isEqualTo(RecoveryOutcome.FALLBACK);
        assertThat(recovery.report().skipped()).extracting("id").containsExactly(2L);
    }

    @Test
    void isAFreshStartOnAnEmptyStore() {
        CheckpointRecovery recovery = CheckpointRecovery.recover(InMemoryCheckpointStore.builder().build());

        assertThat(recovery.chosenId()).isEmpty();
        assertThat(recovery.manifest()).isEmpty();
        assertThat(recovery.outcome()).isEqualTo(RecoveryOutcome.FRESH);
    }

    @Test
    void startsWithoutAManifestWhenNoneIsValid() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(1);
        TestCheckpoints.corruptState(store, 1);

        CheckpointRecovery recovery = CheckpointRecovery.recover(store);

        assertThat(recovery.manifest()).isEmpty();
        assertThat(recovery.outcome()).isEqualTo(RecoveryOutcome.NONE_VALID);
    }

    @Test
    void failsNamingTheLocationWhenTheStoreCannotBeRead() {
        CountingCheckpointStore store = new CountingCheckpointStore(InMemoryCheckpointStore.builder().build());
        store.failWith(new CheckpointBackendException("access denied"));

        assertThatThrownBy(() -> CheckpointRecovery.recover(store)).isInstanceOf(CheckpointRecoveryException.class)
                .hasMessage("checkpoint recovery at memory failed: access denied");
    }

    @Test
    void nextCheckpointIdIsPastStateACrashedSaveLeftWithoutAManifest() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(2);
        store.saveStateData(3, List.of(ByteBuffer.wrap(new byte[] {1, 2, 3})));

        CheckpointRecovery recovery = CheckpointRecovery.recover(store);

        assertThat(recovery.chosenId()).hasValue(2);
        assertThat(recovery.nextCheckpointId()).isEqualTo(4);
        assertThat(recovery.toString()).contains("chosenId=2", "nextCheckpointId=4");
    }

    @Test
    void nextCheckpointIdOfAFreshStartIsOne() {
        assertThat(CheckpointRecovery.recover(InMemoryCheckpointStore.builder().build()).nextCheckpointId()).isEqualTo(1);
    }

    @Test
    void nextCheckpointIdGoesThroughForwardingStores() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(1);
        store.saveStateData(5, List.of(ByteBuffer.wrap(new byte[] {5})));
        ForwardingCheckpointStore forwarding = () -> store;

        assertThat(CheckpointRecovery.recover(forwarding).nextCheckpointId()).isEqualTo(6);
    }

    @Test
    void failsNamingTheLocationWhenTheNextIdCannotBeRead() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(1);
        ForwardingCheckpointStore failing = new ForwardingCheckpointStore() {
            @Override
            public CheckpointStore delegate() {
                return store;
            }

            @Override
            public long nextCheckpointId() {
                throw new CheckpointBackendException("list denied");
            }
        };

        assertThatThrownBy(() -> CheckpointRecovery.recover(failing)).isInstanceOf(CheckpointRecoveryException.class)
                .hasMessage("checkpoint recovery at memory failed: list denied");
    }

    @Test
    void rejectsAManifestThatDoesNotMatchTheReport() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(1);
        assertThatThrownBy(() -> new CheckpointRecovery(store.recoverLatestValidated(), Optional.empty(), 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsANextIdThatIsNotPastTheChosenCheckpoint() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(2);
        RecoveryReport report = store.recoverLatestValidated();
        Optional<CheckpointManifest> manifest = store.loadById(2);

        assertThatThrownBy(() -> new CheckpointRecovery(report, manifest, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the chosen checkpoint 2, was 2");
        assertThatThrownBy(() -> new CheckpointRecovery(report, manifest, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CheckpointRecovery(report, manifest, Long.MIN_VALUE).nextCheckpointId()).isEqualTo(Long.MIN_VALUE);
    }
}
