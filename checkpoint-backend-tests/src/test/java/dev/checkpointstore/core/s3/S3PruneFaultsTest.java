package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CapturedLog;
import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Prunes whose DeleteObjects refuses some keys (error entries, as for a locked object or a denied
 * key), on a real S3Mock server: a save that published is a save that succeeded, and a refusal
 * leaves every checkpoint either whole or an orphaned sidecar, never a listed checkpoint without
 * its state; the next prune finishes the job.
 */
class S3PruneFaultsTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final ObjectLayout layout = new ObjectLayout("prune-faults-" + TESTS.incrementAndGet() + "/");
    private final DeleteObjectsRefusals refusals = new DeleteObjectsRefusals();
    private final S3Client client = S3.server().client(refusals);

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("prune-faults");

    @BeforeEach
    void useBucket() {
        bucket = S3.bucket().name();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private S3CheckpointStore.Builder builder() {
        return S3CheckpointStore.builder(client, bucket).prefix(layout.prefix());
    }

    /** The same objects without the refusals. */
    private S3CheckpointStore clean() {
        return S3CheckpointStore.builder(S3.server().client(), bucket).prefix(layout.prefix()).build();
    }

    private static void saveWithState(S3CheckpointStore store, long id) {
        store.saveWithState(TestManifests.external(id, "w", 40, 24), TestManifests.state("s" + id, 40, 24));
    }

    @Test
    void aSaveWhosePruneIsRefusedSucceedsAndTheNextPruneFinishesIt() {
        S3CheckpointStore store = builder().maxRetained(2).build();
        saveWithState(store, 1);
        saveWithState(store, 2);
        refusals.refuse(layout.manifestKey(1));

        try (CapturedLog log = CapturedLog.of(AbstractCheckpointStore.class)) {
            saveWithState(store, 3);

            assertThat(store.latestId()).hasValue(3);
            assertThat(clean().recoverLatestValidated().chosenId()).hasValue(3);
            assertThat(clean().listIds()).containsExactly(1L, 2L, 3L);
            assertThat(clean().validateCheckpoint(1).valid()).as("checkpoint 1 is left whole").isTrue();
            assertThat(store.pruneFailures()).isEqualTo(1);
            assertThat(log.warnings()).singleElement().asString()
                    .contains("Checkpoint 3", "pruning checkpoints 1 (retention 2) failed", "the next prune retries",
                            "checkpoint 1 (kept whole)", layout.manifestKey(1), "AccessDenied");
        }

        refusals.allowAll();
        saveWithState(store, 4);
        assertThat(clean().listIds()).containsExactly(3L, 4L);
        assertThat(clean().openStateData(1)).isEmpty();
        assertThat(clean().openStateData(2)).isEmpty();
        assertThat(store.pruneFailures()).isEqualTo(1);
    }

    @Test
    void aPartlyRefusedPruneLeavesEveryListedCheckpointWholeAndTheNextPruneFinishesIt() {
        S3CheckpointStore store = builder().build();
        for (long id = 1; id <= 4; id++) {
            saveWithState(store, id);
        }
        refusals.refuse(layout.manifestKey(2), layout.stateKey(3));

        Throwable failure = catchThrowable(() -> store.prune(1));

        S3CheckpointStore observer = clean();
        assertThat(observer.listIds()).containsExactly(2L, 4L);
        for (long id : observer.listIds()) {
            assertThat(observer.validateCheckpoint(id).valid()).as("listed checkpoint %d", id).isTrue();
        }
        assertThat(observer.openStateData(3)).as("an orphaned sidecar, not a broken checkpoint").isPresent();
        assertThat(failure).isInstanceOf(CheckpointBackendException.class)
                .hasMessageContaining("checkpoint 2 (kept whole)").hasMessageContaining(layout.manifestKey(2))
                .hasMessageContaining("checkpoint 3 (manifest deleted, state left as an orphan")
                .hasMessageContaining(layout.stateKey(3)).hasMessageContaining("AccessDenied");
        assertThat(store.pruneFailures()).isEqualTo(1);

        refusals.allowAll();
        assertThat(store.prune(1)).isEqualTo(1);
        assertThat(observer.listIds()).containsExactly(4L);
        assertThat(observer.openStateData(2)).isEmpty();
        assertThat(observer.openStateData(3)).as("the refused sidecar, retried").isEmpty();
        assertThat(observer.validateCheckpoint(4).valid()).isTrue();
    }
}
