package dev.checkpointstore.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CapturedLog;
import dev.checkpointstore.core.CheckpointNotFoundException;
import dev.checkpointstore.test.CheckpointStoreContractTest;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.DeletionFailingStore;
import org.junit.jupiter.api.Test;

/**
 * The contract, run against {@link InMemoryCheckpointStore}.
 */
class InMemoryCheckpointStoreTest extends CheckpointStoreContractTest {

    private InMemoryCheckpointStore current;

    @Override
    protected InMemoryCheckpointStore createStore(StoreOptions options) {
        current = InMemoryCheckpointStore.builder()
                .maxRetained(options.maxRetained())
                .orphanMinAge(options.orphanMinAge())
                .vnodeCount(options.vnodeCount())
                .clock(options.clock())
                .build();
        return current;
    }

    /** Memory does not outlive its store: the same store stands in for a restarted one. */
    @Override
    protected InMemoryCheckpointStore reopen() {
        return current;
    }

    @Override
    protected void writeRawManifest(long checkpointId, byte[] json) {
        current.putRawManifest(checkpointId, json);
    }

    @Override
    protected void deleteState(long checkpointId) {
        current.removeState(checkpointId);
    }

    @Override
    protected void writeRawLatestPointer(long checkpointId) {
        current.putRawLatest(checkpointId);
    }

    @Override
    protected void writeEmptyLatestPointer() {
        current.putRawLatest(0);
    }

    @Test
    void aSaveWhosePruneFailsSucceedsAndTheNextPruneFinishesIt() {
        DeletionFailingStore failing = new DeletionFailingStore(createStore(defaultOptions().withMaxRetained(2)));
        for (long id = 1; id <= 2; id++) {
            failing.saveWithState(externalManifest(id, 16), List.of(ByteBuffer.wrap(bytes(16, id))));
        }
        failing.refuseDeletionOf(1L);

        try (CapturedLog log = CapturedLog.of(AbstractCheckpointStore.class)) {
            failing.saveWithState(externalManifest(3, 16), List.of(ByteBuffer.wrap(bytes(16, 3))));

            assertThat(failing.latestId()).hasValue(3);
            assertThat(failing.recoverLatestValidated().chosenId()).hasValue(3);
            assertThat(failing.listIds()).containsExactly(1L, 2L, 3L);
            assertThat(failing.validateCheckpoint(1).valid()).isTrue();
            assertThat(failing.pruneFailures()).isEqualTo(1);
            assertThat(log.warnings()).singleElement().asString()
                    .contains("Checkpoint 3 at memory", "pruning checkpoints 1 (retention 2) failed", "refused by the test");
        }

        failing.allowDeletions();
        failing.saveWithState(externalManifest(4, 16), List.of(ByteBuffer.wrap(bytes(16, 4))));
        assertThat(failing.listIds()).containsExactly(3L, 4L);
        assertThat(current.openStateData(1)).isEmpty();
        assertThat(failing.pruneFailures()).isEqualTo(1);
    }

    @Test
    void anUpdateOfAPrunedCheckpointIsNotFoundAndDoesNotBringItBack() {
        current.saveWithState(externalManifest(1, 16), List.of(ByteBuffer.wrap(bytes(16, 1))));
        current.saveWithState(externalManifest(2, 16), List.of(ByteBuffer.wrap(bytes(16, 2))));
        current.prune(1);

        assertThatExceptionOfType(CheckpointNotFoundException.class)
                .isThrownBy(() -> current.updateManifest(externalManifest(1, 16).toBuilder().putSinkEpoch("pg", 1).build()))
                .withMessageContaining("checkpoint 1").withMessageContaining("pruned");
        assertThat(current.listIds()).containsExactly(2L);
    }

    @Test
    void oversizedManifestIsCorrupt() {
        InMemoryCheckpointStore small = InMemoryCheckpointStore.builder().maxManifestBytes(100).build();
        small.putRawManifest(1, "x".repeat(101).getBytes(StandardCharsets.UTF_8));

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> small.loadById(1))
                .withMessageContaining("101 bytes").withMessageContaining("100");
        assertThat(small.validateCheckpoint(1).fatalReason()).startsWith("corrupt manifest: ").contains("101 bytes");
        assertThat(small.listIds()).containsExactly(1L);
        assertThat(small.list()).isEmpty();
    }

    @Test
    void builderRejectsBadValuesNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().vnodeCount(0))
                .withMessageContaining("was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().vnodeCount(65536))
                .withMessageContaining("65536");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().maxRetained(-1))
                .withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().maxManifestBytes(0))
                .withMessageContaining("0");
    }
}
