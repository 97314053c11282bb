package dev.checkpointstore.core.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.test.azure.AzuriteExtension;
import dev.checkpointstore.test.azure.AzuriteServer;

import com.azure.storage.blob.BlobContainerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers racing for the same ids on one prefix, each with its own client: the first writer of
 * each id wins (its manifest and its state), every other gets a conflict, and the pointer only
 * ever moves forward.
 */
@ExtendWith(AzuriteExtension.class)
class AzureMultiWriterTest {

    private static final int WRITERS = 4;
    private static final int IDS = 24;

    @Test
    void firstWriterOfEachIdWinsAndThePointerOnlyMovesForward(AzuriteServer azurite, BlobContainerClient container)
            throws Exception {
        List<AzureBlobCheckpointStore> stores = new ArrayList<>();
        for (int w = 0; w < WRITERS + 1; w++) {
            stores.add(AzureBlobCheckpointStore.builder(azurite.serviceClient(4), container.getBlobContainerName())
                    .prefix("shared/").build());
        }
        Map<Long, List<String>> winners = new ConcurrentHashMap<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        List<String> backwards = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            Future<Integer> observer = pool.submit(() -> {
                long last = 0;
                int reads = 0;
                while (!done.get()) {
                    OptionalLong id = stores.get(WRITERS).latestId();
                    reads++;
                    if (id.isPresent()) {
                        if (id.getAsLong() < last) {
                            backwards.add(last + " -> " + id.getAsLong());
                        }
                        last = id.getAsLong();
                    }
                }
                return reads;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String name = "writer-" + w;
                AzureBlobCheckpointStore store = stores.get(w);
                writers.add(pool.submit(() -> {
                    start.await();
                    for (long id = 1; id <= IDS; id++) {
                        try {
                            save(store, id, name);
                            winners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(name);
                        }
                        catch (CheckpointConflictException ex) {
                            assertThat(ex.checkpointId()).isEqualTo(id);
                        }
                        catch (RuntimeException ex) {
                            unexpected.add(ex);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(180, TimeUnit.SECONDS);
            }
            done.set(true);
            assertThat(observer.get(30, TimeUnit.SECONDS)).as("pointer reads").isPositive();
        }
        finally {
            done.set(true);
            pool.shutdownNow();
        }

        assertThat(unexpected).isEmpty();
        assertThat(backwards).isEmpty();
        AzureBlobCheckpointStore reader = AzureBlobCheckpointStore.builder(container).prefix("shared/").build();
        assertThat(reader.latestId()).hasValue(IDS);
        assertThat(reader.listIds()).hasSize(IDS);
        for (long id = 1; id <= IDS; id++) {
            assertThat(winners.get(id)).as("writers whose save of %d succeeded", id).hasSize(1);
            String winner = winners.get(id).get(0);
            CheckpointManifest stored = reader.loadById(id).orElseThrow();
            assertThat(stored.sourceOffsets().get("orders").metadata()).containsEntry("writer", winner);
            assertThat(reader.validateCheckpoint(id).valid()).as("checkpoint %d validates", id).isTrue();
        }
    }

    private static void save(AzureBlobCheckpointStore store, long id, String writer) {
        if (id % 3 == 0) {
            store.save(AzureTestManifests.inline(id, writer));
            return;
        }
        store.saveWithState(AzureTestManifests.external(id, writer, 64 + (int) id, 32),
                AzureTestManifests.state(writer + id, 64 + (int) id, 32));
    }
}
