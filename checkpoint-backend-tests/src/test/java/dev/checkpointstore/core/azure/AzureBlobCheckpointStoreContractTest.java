package dev.checkpointstore.core.azure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.CheckpointStoreContractTest;
import dev.checkpointstore.test.azure.AzuriteExtension;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;

/**
 * The contract, run against {@link AzureBlobCheckpointStore} on a real Azurite. Each test has a
 * prefix of its own in one container; the hooks write and delete blobs with plain SDK calls.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobCheckpointStoreContractTest extends CheckpointStoreContractTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private static BlobContainerClient container;

    private final ObjectLayout layout = new ObjectLayout("contract-" + TESTS.incrementAndGet() + "/");

    @BeforeAll
    static void createContainer(BlobContainerClient shared) {
        container = shared;
    }

    @Override
    protected CheckpointStore createStore(StoreOptions options) {
        return AzureBlobCheckpointStore.builder(container)
                .prefix(layout.prefix())
                .maxRetained(options.maxRetained())
                .orphanMinAge(options.orphanMinAge())
                .vnodeCount(options.vnodeCount())
                .clock(options.clock())
                .build();
    }

    @Override
    protected void writeRawManifest(long checkpointId, byte[] json) {
        put(layout.manifestKey(checkpointId), json);
    }

    @Override
    protected void deleteState(long checkpointId) {
        container.getBlobClient(layout.stateKey(checkpointId)).delete();
    }

    @Override
    protected void writeRawLatestPointer(long checkpointId) {
        put(layout.latestKey(), ObjectLayout.pointerJson(checkpointId));
    }

    @Override
    protected void writeEmptyLatestPointer() {
        put(layout.latestKey(), new byte[0]);
    }

    private static void put(String blob, byte[] bytes) {
        container.getBlobClient(blob).upload(BinaryData.fromBytes(bytes), true);
    }
}
