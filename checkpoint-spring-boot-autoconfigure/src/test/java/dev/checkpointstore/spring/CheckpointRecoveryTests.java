package dev.checkpointstore.spring;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CheckpointBackendException;
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
    void rejectsAManifestThatDoesNotMatchTheReport() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(1);
        assertThatThrownBy(() -> new CheckpointRecovery(store.recoverLatestValidated(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
