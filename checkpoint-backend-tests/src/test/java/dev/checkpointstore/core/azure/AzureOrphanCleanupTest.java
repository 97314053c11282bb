package dev.checkpointstore.core.azure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.MutableClock;
import dev.checkpointstore.test.azure.AzuriteExtension;
import dev.checkpointstore.test.azure.AzuriteServer;

import com.azure.core.http.HttpMethod;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;

import static dev.checkpointstore.core.azure.AzureFaultPolicy.Action.HOOK_AFTER;
import static dev.checkpointstore.core.azure.AzureFaultPolicy.Action.HOOK_BEFORE;
import static dev.checkpointstore.core.azure.AzureFaultPolicy.blob;
import static dev.checkpointstore.core.azure.AzureFaultPolicy.listing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Orphan cleanup against saves forced into its steps, and the uncommitted blocks of crashed
 * uploads: they hold their id (for {@code nextCheckpointId} and for a create) until cleanup
 * discards them.
 */
@ExtendWith(AzuriteExtension.class)
class AzureOrphanCleanupTest {

    private static final ObjectLayout LAYOUT = new ObjectLayout("orphans/");

    private final MutableClock clock = new MutableClock();
    private final AzureFaultPolicy hooks = new AzureFaultPolicy();
    private AzuriteServer azurite;
    private BlobContainerClient container;

    @BeforeEach
    void container(AzuriteServer server, BlobContainerClient container) {
        this.azurite = server;
        this.container = container;
    }

    private AzureBlobCheckpointStore store(Duration orphanMinAge) {
        return AzureBlobCheckpointStore.builder(azurite.serviceClient(1, hooks), container.getBlobContainerName())
                .prefix(LAYOUT.prefix()).orphanMinAge(orphanMinAge).clock(clock).build();
    }

    private static CheckpointManifest manifest(long id) {
        return AzureTestManifests.external(id, "w", 40, 24);
    }

    private static List<ByteBuffer> state(long id) {
        return AzureTestManifests.state("state-" + id, 40, 24);
    }

    @Test
    void aSaveThatCompletesWhileCleanupListsKeepsItsState() throws Exception {
        CountDownLatch atManifest = new CountDownLatch(1);
        CountDownLatch releaseManifest = new CountDownLatch(1);
        AtomicReference<Thread> saverRef = new AtomicReference<>();
        hooks.on(blob(HttpMethod.PUT, LAYOUT.manifestKey(5), ""), HOOK_BEFORE, 1, () -> {
            atManifest.countDown();
            await(releaseManifest);
        });
        hooks.on(listing(LAYOUT.manifestListPrefix()), HOOK_AFTER, 1, () -> {
            releaseManifest.countDown();
            join(saverRef.get());
        });
        AzureBlobCheckpointStore store = store(Duration.ZERO);
        clock.advance(Duration.ofHours(1));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread saver = new Thread(() -> {
            try {
                store.saveWithState(manifest(5), state(5));
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        });
        saverRef.set(saver);
        saver.start();
        assertThat(atManifest.await(30, TimeUnit.SECONDS)).as("the save wrote its sidecar").isTrue();

        try {
            assertThat(store.cleanupOrphans()).isZero();
        }
        finally {
            releaseManifest.countDown();
            join(saver);
        }

        assertThat(failure.get()).isNull();
        assertThat(store.validateCheckpoint(5).valid()).isTrue();
    }

    @Test
    void aSaveThatCompletesAfterCleanupListedTheManifestsKeepsItsState() {
        AtomicReference<AzureBlobCheckpointStore> storeRef = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        hooks.on(listing(LAYOUT.manifestListPrefix()), HOOK_AFTER, 1, () -> {
            Thread other = new Thread(() -> {
                try {
                    storeRef.get().save(AzureTestManifests.stamped(manifest(5), state(5)));
                }
                catch (Throwable ex) {
                    failure.set(ex);
                }
            });
            other.start();
            join(other);
        });
        AzureBlobCheckpointStore store = store(Duration.ZERO);
        storeRef.set(store);
        store.saveStateData(5, state(5));
        clock.advance(Duration.ofHours(1));

        assertThat(store.cleanupOrphans()).isZero();

        assertThat(failure.get()).isNull();
        assertThat(store.validateCheckpoint(5).valid()).isTrue();
    }

    @Test
    void anOrphanOlderThanTheMinimumAgeIsDeletedAndAYoungerOneSpared() {
        AzureBlobCheckpointStore store = store(Duration.ofMinutes(10));
        store.saveStateData(3, state(3));
        store.save(AzureTestManifests.inline(1, "w"));

        assertThat(store.cleanupOrphans()).as("younger than the minimum age").isZero();
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.cleanupOrphans()).isEqualTo(1);

        assertThat(store.loadStateData(3)).isEmpty();
        assertThat(store.loadLatest()).hasValue(AzureTestManifests.inline(1, "w"));
    }

    @Test
    void uncommittedBlocksOfACrashedUploadHoldTheirIdUntilCleanupDiscardsThem() {
        AzureBlobCheckpointStore store = store(Duration.ofMinutes(10));
        store.save(AzureTestManifests.inline(8, "w"));
        container.getBlobClient(LAYOUT.stateKey(9)).getBlockBlobClient().stageBlock(
                Base64.getEncoder().encodeToString("crashed-upload-000000".getBytes()), BinaryData.fromString("partial"));

        assertThat(store.nextCheckpointId()).as("a writer may still be uploading 9").isEqualTo(10);
        assertThat(store.cleanupOrphans()).as("younger than the minimum age").isZero();
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.cleanupOrphans()).isEqualTo(1);

        assertThat(store.nextCheckpointId()).isEqualTo(9);
        store.saveWithState(manifest(9), state(9));
        assertThat(store.validateCheckpoint(9).valid()).isTrue();
        assertThat(store.latestId()).hasValue(9);
    }

    @Test
    void aSaveOfAnIdWhoseBlocksAreStillUncommittedIsAConflictNamingTheNextFreeId() {
        AzureBlobCheckpointStore store = store(Duration.ofMinutes(10));
        container.getBlobClient(LAYOUT.stateKey(4)).getBlockBlobClient().stageBlock(
                Base64.getEncoder().encodeToString("other-upload-000000".getBytes()), BinaryData.fromString("partial"));

        assertThatThrownBy(() -> store.saveWithState(manifest(4), state(4)))
                .isInstanceOfSatisfying(CheckpointConflictException.class,
                        ex -> assertThat(ex.nextCheckpointId()).hasValue(5))
                .hasMessageContaining("uncommitted blocks");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
