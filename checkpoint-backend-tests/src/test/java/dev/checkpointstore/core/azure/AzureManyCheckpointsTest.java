package dev.checkpointstore.core.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.azure.AzuriteExtension;
import dev.checkpointstore.test.azure.AzuriteServer;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More checkpoints than one List Blobs page holds (5,000) and than one batch deletes (256): ids are
 * listed across pages and pruned in batches.
 */
@ExtendWith(AzuriteExtension.class)
class AzureManyCheckpointsTest {

    private static final int COUNT = 5_200;
    private static final int THREADS = 8;
    private static final ObjectLayout LAYOUT = new ObjectLayout("many/");

    @Test
    void listAndPruneAcrossPagesAndBatches(AzuriteServer azurite, BlobContainerClient container) throws Exception {
        seed(container);
        AzureFaultPolicy requests = new AzureFaultPolicy();
        AzureBlobCheckpointStore store = AzureBlobCheckpointStore.builder(azurite.serviceClient(4, requests),
                container.getBlobContainerName()).prefix(LAYOUT.prefix()).build();

        requests.reset();
        List<Long> ids = store.listIds();
        assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(1, COUNT).boxed().toList());
        assertThat(requests.counts()).as("one List Blobs per 5,000 names, no GETs").containsOnlyKeys("LIST")
                .containsEntry("LIST", 2);

        AzureBlobCheckpointStore retaining = AzureBlobCheckpointStore.builder(azurite.serviceClient(4, requests),
                container.getBlobContainerName()).prefix(LAYOUT.prefix()).maxRetained(4_900).build();
        requests.reset();
        retaining.save(AzureTestManifests.inline(COUNT + 1, "w"));
        assertThat(store.listIds()).hasSize(4_900).first().isEqualTo(302L);
        assertThat(requests.count("BATCH")).as("301 manifests in two batches, then 3 sidecars in one").isEqualTo(3);

        requests.reset();
        assertThat(store.prune(1_000)).isEqualTo(3_900);
        assertThat(requests.count("BATCH")).as("3,900 manifests in batches of 256, then 39 sidecars")
                .isEqualTo(16 + 1);
        assertThat(store.listIds()).containsExactlyElementsOf(LongStream.rangeClosed(4_202, COUNT + 1).boxed().toList());
        assertThat(store.loadStateData(4_200)).isEmpty();
        assertThat(store.loadStateData(4_300)).hasValue(state(4_300));
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(COUNT + 1);
    }

    /** Writes the manifests (and every 100th a sidecar) with plain uploads, in parallel. */
    private static void seed(BlobContainerClient container) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t + 1;
                batches.add(pool.submit(() -> {
                    for (long id = first; id <= COUNT; id += THREADS) {
                        container.getBlobClient(LAYOUT.manifestKey(id)).upload(BinaryData.fromBytes(
                                ManifestCodec.encode(AzureTestManifests.inline(id, "seed"))));
                        if (id % 100 == 0) {
                            container.getBlobClient(LAYOUT.stateKey(id)).upload(BinaryData.fromBytes(state(id)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get(5, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    private static byte[] state(long id) {
        return AzureTestManifests.bytes("many" + id, 16);
    }
}
