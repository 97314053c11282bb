package dev.checkpointstore.core.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.azure.AzuriteExtension;
import dev.checkpointstore.test.azure.AzuriteServer;

import com.azure.core.http.HttpMethod;
import com.azure.storage.blob.BlobContainerClient;

import static dev.checkpointstore.core.azure.AzureFaultPolicy.Action.DROP_REQUEST;
import static dev.checkpointstore.core.azure.AzureFaultPolicy.Action.DROP_RESPONSE;
import static dev.checkpointstore.core.azure.AzureFaultPolicy.Action.HOOK_BEFORE;
import static dev.checkpointstore.core.azure.AzureFaultPolicy.blob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults forced into the requests of an {@link AzureBlobCheckpointStore} by a pipeline policy:
 * responses lost after Azurite applied the request, connections dropped before it, and a second
 * writer's save run between a writer's staged blocks and its commit.
 */
@ExtendWith(AzuriteExtension.class)
class AzureFaultsTest {

    private static final ObjectLayout LAYOUT = new ObjectLayout("faults/");

    private AzuriteServer azurite;
    private String containerName;
    private final AzureFaultPolicy faults = new AzureFaultPolicy();

    @BeforeEach
    void container(AzuriteServer server, BlobContainerClient container) {
        this.azurite = server;
        this.containerName = container.getBlobContainerName();
    }

    /** A store whose client tries each request {@code maxTries} times, through the fault policy. */
    private AzureBlobCheckpointStore store(int maxTries) {
        return AzureBlobCheckpointStore.builder(azurite.serviceClient(maxTries, faults), containerName)
                .prefix(LAYOUT.prefix()).singleUploadThreshold(64 * 1024).blockSize(16 * 1024).build();
    }

    private AzureBlobCheckpointStore plainStore() {
        return AzureBlobCheckpointStore.builder(azurite.client(), containerName).prefix(LAYOUT.prefix()).build();
    }

    @Test
    void aManifestCreateWhoseResponseWasLostIsSettledByReadingBack() {
        AzureBlobCheckpointStore store = store(1);
        faults.on(blob(HttpMethod.PUT, LAYOUT.manifestKey(1), ""), DROP_RESPONSE, 1);

        store.save(AzureTestManifests.inline(1, "w"));

        assertThat(store.loadLatest()).hasValue(AzureTestManifests.inline(1, "w"));
    }

    @Test
    void aRetriedCreateThatHadLandedIsAnIdempotentSuccess() {
        AzureBlobCheckpointStore store = store(3);
        faults.on(blob(HttpMethod.PUT, LAYOUT.manifestKey(1), ""), DROP_RESPONSE, 1);

        store.save(AzureTestManifests.inline(1, "w"));

        assertThat(faults.count("PUT")).as("the client's retry met 409 BlobAlreadyExists").isGreaterThanOrEqualTo(3);
        assertThat(store.loadLatest()).hasValue(AzureTestManifests.inline(1, "w"));
    }

    @Test
    void aPointerMoveWhoseResponseWasLostAndRetriedIsSettledByReadingThePointer() {
        AzureBlobCheckpointStore store = store(3);
        store.save(AzureTestManifests.inline(1, "w"));
        faults.on(blob(HttpMethod.PUT, LAYOUT.latestKey(), ""), DROP_RESPONSE, 1);

        store.save(AzureTestManifests.inline(2, "w"));

        assertThat(store.latestId()).hasValue(2);
        store.save(AzureTestManifests.inline(3, "w"));
        assertThat(store.latestId()).hasValue(3);
    }

    @Test
    void aSmallSidecarWhoseResponseWasLostIsSettledByComparingBytes() {
        AzureBlobCheckpointStore store = store(1);
        faults.on(blob(HttpMethod.PUT, LAYOUT.stateKey(4), ""), DROP_RESPONSE, 1);
        CheckpointManifest manifest = AzureTestManifests.external(4, "w", 40, 24);

        store.saveWithState(manifest, AzureTestManifests.state("s4", 40, 24));

        assertThat(store.validateCheckpoint(4).valid()).isTrue();
    }

    @Test
    void aBlockCommitWhoseResponseWasLostIsSettledByComparingBytes() {
        AzureBlobCheckpointStore store = store(1);
        faults.on(blob(HttpMethod.PUT, LAYOUT.stateKey(4), "blocklist"), DROP_RESPONSE, 1);
        CheckpointManifest manifest = AzureTestManifests.external(4, "w", 100_000, 60_000);

        store.saveWithState(manifest, AzureTestManifests.state("s4", 100_000, 60_000));

        assertThat(faults.count("PUT:block")).as("160,000 bytes in blocks of 16 KiB").isEqualTo(10);
        assertThat(store.validateCheckpoint(4).valid()).isTrue();
        assertThat(store.loadStateData(4)).hasValue(AzureTestManifests.concat(AzureTestManifests.state("s4", 100_000,
                60_000)));
    }

    @Test
    void aBlockWhoseResponseWasLostIsStagedAgainByTheClient() {
        AzureBlobCheckpointStore store = store(3);
        faults.on(blob(HttpMethod.PUT, LAYOUT.stateKey(5), "block"), DROP_RESPONSE, 2);
        List<ByteBuffer> state = AzureTestManifests.state("s5", 100_000, 60_000);

        store.saveWithState(AzureTestManifests.external(5, "w", 100_000, 60_000), state);

        assertThat(faults.count("PUT:block")).isEqualTo(12);
        assertThat(store.loadStateData(5)).hasValue(AzureTestManifests.concat(state));
        assertThat(store.validateCheckpoint(5).valid()).isTrue();
    }

    @Test
    void aBlockUploadThatFailsLeavesNoCheckpointAndItsIdIsSkipped() {
        AzureBlobCheckpointStore store = store(1);
        faults.on(blob(HttpMethod.PUT, LAYOUT.stateKey(5), "block"), DROP_REQUEST, 1);

        assertThatThrownBy(() -> store.saveWithState(AzureTestManifests.external(5, "w", 100_000, 60_000),
                AzureTestManifests.state("s5", 100_000, 60_000)))
                .isInstanceOf(CheckpointBackendException.class).hasMessageContaining(LAYOUT.stateKey(5));

        assertThat(store.listIds()).isEmpty();
        assertThat(store.openStateData(5)).as("nothing committed").isEmpty();
        assertThat(store.nextCheckpointId()).as("the staged blocks hold 5 until cleanup").isEqualTo(6);
    }

    @Test
    void aLosingWriterCannotReplaceTheStateAWinnerCommittedAfterTheLoserLookedAndBeforeItsCommit() {
        AzureBlobCheckpointStore loser = AzureBlobCheckpointStore.builder(azurite.serviceClient(1, faults), containerName)
                .prefix(LAYOUT.prefix()).singleUploadThreshold(64 * 1024).blockSize(16 * 1024).uploadParallelism(1)
                .build();
        AzureBlobCheckpointStore winner = plainStore();
        List<ByteBuffer> winnersState = AzureTestManifests.state("winner", 100_000, 60_000);
        AtomicReference<Throwable> winnerFailure = new AtomicReference<>();
        faults.on(blob(HttpMethod.PUT, LAYOUT.stateKey(6), "block"), HOOK_BEFORE, 1, () -> {
            try {
                winner.saveWithState(AzureTestManifests.external(6, "winner", 100_000, 60_000), winnersState);
            }
            catch (Throwable ex) {
                winnerFailure.set(ex);
            }
        });

        assertThatThrownBy(() -> loser.saveWithState(AzureTestManifests.external(6, "loser", 100_000, 60_000),
                AzureTestManifests.state("loser", 100_000, 60_000)))
                .isInstanceOfSatisfying(CheckpointConflictException.class,
                        ex -> assertThat(ex.nextCheckpointId()).hasValue(7));

        assertThat(winnerFailure.get()).isNull();
        assertThat(winner.validateCheckpoint(6).valid()).isTrue();
        assertThat(winner.loadStateData(6)).hasValue(AzureTestManifests.concat(winnersState));
        assertThat(winner.latestId()).hasValue(6);
    }

    @Test
    void twoWritersOfOneIdInterleavedBetweenStagedBlocksAndTheCommitLeaveOneWholeCheckpoint() {
        AzureBlobCheckpointStore first = store(1);
        AzureBlobCheckpointStore second = plainStore();
        List<ByteBuffer> firstState = AzureTestManifests.state("first", 100_000, 60_000);
        List<ByteBuffer> secondState = AzureTestManifests.state("second", 40, 24);
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        faults.on(blob(HttpMethod.PUT, LAYOUT.stateKey(6), "blocklist"), HOOK_BEFORE, 1, () -> {
            try {
                second.saveWithState(AzureTestManifests.external(6, "second", 40, 24), secondState);
            }
            catch (Throwable ex) {
                secondFailure.set(ex);
            }
        });
        Throwable firstFailure = null;
        try {
            first.saveWithState(AzureTestManifests.external(6, "first", 100_000, 60_000), firstState);
        }
        catch (Throwable ex) {
            firstFailure = ex;
        }

        assertThat(firstFailure == null).as("exactly one writer wins: first failed with %s, second with %s",
                firstFailure, secondFailure.get()).isNotEqualTo(secondFailure.get() == null);
        Throwable loss = firstFailure != null ? firstFailure : secondFailure.get();
        assertThat(loss).isInstanceOf(CheckpointConflictException.class);
        AzureBlobCheckpointStore reader = plainStore();
        assertThat(reader.validateCheckpoint(6).valid()).isTrue();
        assertThat(reader.loadStateData(6)).hasValue(AzureTestManifests.concat(firstFailure == null ? firstState
                : secondState));
        assertThat(reader.latestId()).hasValue(6);
    }

    @Test
    void anotherWritersManifestIsAConflictThatLeavesItAndThePointerAlone() {
        AzureBlobCheckpointStore other = plainStore();
        other.save(AzureTestManifests.inline(3, "other"));
        AzureBlobCheckpointStore store = store(1);

        assertThatThrownBy(() -> store.save(AzureTestManifests.inline(3, "us")))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("already written by another writer").hasMessageContaining("next free checkpoint id is 4");

        assertThat(store.loadById(3)).hasValue(AzureTestManifests.inline(3, "other"));
        assertThat(store.latestId()).hasValue(3);
    }

    @Test
    void aManifestCreateThatNeverArrivedIsTriedAgainAfterReadingThatItIsAbsent() {
        AzureBlobCheckpointStore store = store(1);
        faults.on(blob(HttpMethod.PUT, LAYOUT.manifestKey(2), ""), DROP_REQUEST, 1);

        store.save(AzureTestManifests.inline(2, "w"));

        assertThat(faults.count("GET")).as("read back before creating again").isGreaterThanOrEqualTo(1);
        assertThat(store.loadLatest()).hasValue(AzureTestManifests.inline(2, "w"));
    }

    @Test
    void aSaveWhoseManifestNeverArrivedFailsAndLeavesNothingHalfVisible() {
        AzureBlobCheckpointStore store = store(1);
        faults.on(blob(HttpMethod.PUT, LAYOUT.manifestKey(2), ""), DROP_REQUEST, 3);

        assertThatThrownBy(() -> store.saveWithState(AzureTestManifests.external(2, "w", 40, 24),
                AzureTestManifests.state("s2", 40, 24)))
                .isInstanceOf(CheckpointBackendException.class).hasMessageContaining(LAYOUT.manifestKey(2));

        assertThat(store.listIds()).isEmpty();
        assertThat(store.latestId()).isEmpty();
        assertThat(store.nextCheckpointId()).as("the leftover sidecar keeps its id").isEqualTo(3);
    }

    @Test
    void largeStateIsReadBackInRangedRequestsAndSlices() throws IOException {
        AzureBlobCheckpointStore store = store(1);
        List<ByteBuffer> state = AzureTestManifests.state("large", 5 * 1024 * 1024, 3 * 1024 * 1024 + 7);
        byte[] all = AzureTestManifests.concat(state);
        store.saveWithState(AzureTestManifests.external(1, "w", 5 * 1024 * 1024, 3 * 1024 * 1024 + 7), state);
        faults.reset();

        try (InputStream in = store.openStateData(1).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(all);
        }
        assertThat(faults.count("GET")).as("8 MiB and 7 bytes in ranged GETs of 4 MiB").isEqualTo(3);
        assertThat(store.loadOperatorState(1, "join")).hasValueSatisfying(bytes -> assertThat(bytes)
                .isEqualTo(java.util.Arrays.copyOfRange(all, 5 * 1024 * 1024, all.length)));
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
    }

    @Test
    void aMissingContainerIsOneClearError() {
        assertThatThrownBy(() -> AzureBlobCheckpointStore.builder(azurite.client(), "no-such-container").build())
                .isInstanceOf(CheckpointBackendException.class)
                .hasMessageContaining("/no-such-container does not exist (404 ContainerNotFound)");
    }

    @Test
    void aManifestRoundTripsByteForByte() {
        AzureBlobCheckpointStore store = store(1);
        CheckpointManifest manifest = AzureTestManifests.inline(9, "w");
        store.save(manifest);
        assertThat(store.loadManifestBytes(9)).hasValue(ManifestCodec.encode(manifest));
    }
}
