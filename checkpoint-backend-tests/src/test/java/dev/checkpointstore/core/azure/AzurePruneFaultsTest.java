package dev.checkpointstore.core.azure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CapturedLog;
import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.azure.AzuriteExtension;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Prunes whose batch deletes Azure partly refuses: a blob under another client's lease cannot be
 * deleted without its lease id (412 {@code LeaseIdMissing} in the batch's sub-response).
 */
@ExtendWith(AzuriteExtension.class)
class AzurePruneFaultsTest {

    private static final ObjectLayout LAYOUT = new ObjectLayout("prune/");

    private final List<BlobLeaseClient> leases = new ArrayList<>();
    private BlobContainerClient container;

    @BeforeEach
    void container(BlobContainerClient container) {
        this.container = container;
    }

    @AfterEach
    void releaseLeases() {
        leases.forEach(BlobLeaseClient::releaseLease);
        leases.clear();
    }

    private void lease(String blob) {
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(container.getBlobClient(blob)).buildClient();
        lease.acquireLease(-1);
        leases.add(lease);
    }

    private AzureBlobCheckpointStore store(int maxRetained) {
        return AzureBlobCheckpointStore.builder(container).prefix(LAYOUT.prefix()).maxRetained(maxRetained).build();
    }

    private static void saveWithState(AzureBlobCheckpointStore store, long id) {
        store.saveWithState(AzureTestManifests.external(id, "w", 40, 24), AzureTestManifests.state("s" + id, 40, 24));
    }

    @Test
    void aSaveWhosePruneIsRefusedSucceedsAndTheNextPruneFinishesIt() {
        AzureBlobCheckpointStore store = store(2);
        saveWithState(store, 1);
        saveWithState(store, 2);
        lease(LAYOUT.manifestKey(1));

        try (CapturedLog log = CapturedLog.of(AbstractCheckpointStore.class)) {
            saveWithState(store, 3);

            assertThat(store.latestId()).hasValue(3);
            assertThat(store.listIds()).containsExactly(1L, 2L, 3L);
            assertThat(store.validateCheckpoint(1).valid()).as("checkpoint 1 is left whole").isTrue();
            assertThat(store.pruneFailures()).isEqualTo(1);
            assertThat(log.warnings()).singleElement().asString()
                    .contains("pruning checkpoints 1 (retention 2) failed", "checkpoint 1 (kept whole)",
                            LAYOUT.manifestKey(1), "412");
        }

        releaseLeases();
        saveWithState(store, 4);
        assertThat(store.listIds()).containsExactly(3L, 4L);
        assertThat(store.openStateData(1)).isEmpty();
        assertThat(store.openStateData(2)).isEmpty();
    }

    @Test
    void aPartlyRefusedPruneLeavesEveryListedCheckpointWholeAndTheNextPruneFinishesIt() {
        AzureBlobCheckpointStore store = store(0);
        for (long id = 1; id <= 4; id++) {
            saveWithState(store, id);
        }
        lease(LAYOUT.manifestKey(2));
        lease(LAYOUT.stateKey(3));

        Throwable failure = catchThrowable(() -> store.prune(1));

        assertThat(store.listIds()).containsExactly(2L, 4L);
        for (long id : store.listIds()) {
            assertThat(store.validateCheckpoint(id).valid()).as("listed checkpoint %d", id).isTrue();
        }
        assertThat(store.openStateData(3)).as("an orphaned sidecar, not a broken checkpoint").isPresent();
        assertThat(failure).isInstanceOf(CheckpointBackendException.class)
                .hasMessageContaining("checkpoint 2 (kept whole)").hasMessageContaining(LAYOUT.manifestKey(2))
                .hasMessageContaining("checkpoint 3 (manifest deleted, state left as an orphan")
                .hasMessageContaining(LAYOUT.stateKey(3));
        assertThat(store.pruneFailures()).isEqualTo(1);

        releaseLeases();
        assertThat(store.prune(1)).isEqualTo(1);
        assertThat(store.listIds()).containsExactly(4L);
        assertThat(store.openStateData(2)).isEmpty();
        assertThat(store.openStateData(3)).as("the refused sidecar, retried").isEmpty();
        assertThat(store.validateCheckpoint(4).valid()).isTrue();
    }
}
