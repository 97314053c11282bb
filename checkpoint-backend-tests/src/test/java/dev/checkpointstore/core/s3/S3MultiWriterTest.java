package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Several writers, each a store of its own with a client of its own, save the same checkpoint
 * ids at the same time while a reader watches the pointer: every id ends with exactly one
 * writer's manifest and state (the one whose save succeeded; every other writer got a
 * {@link CheckpointConflictException}), every checkpoint validates, and the pointer ends at the
 * highest id without ever being seen to move back.
 */
class S3MultiWriterTest {

    private static final int WRITERS = 4;
    private static final int IDS = 24;


    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension();

    @Test
    void firstWriterOfEachIdWinsAndThePointerOnlyMovesForward() throws Exception {
        String bucket = S3.bucket().name();
        List<S3Client> clients = new ArrayList<>();
        List<S3CheckpointStore> stores = new ArrayList<>();
        for (int w = 0; w < WRITERS + 1; w++) {
            S3Client client = S3.server().clientBuilder().build();
            clients.add(client);
            stores.add(S3CheckpointStore.builder(client, bucket).prefix("shared/").build());
        }
        Map<Long, List<String>> winners = new ConcurrentHashMap<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        List<String> backwards = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            Future<Integer> observer = pool.submit(() -> observePointer(stores.get(WRITERS), done, backwards));
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String name = "writer-" + w;
                S3CheckpointStore store = stores.get(w);
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
                writer.get(120, TimeUnit.SECONDS);
            }
            done.set(true);
            assertThat(observer.get(30, TimeUnit.SECONDS)).as("pointer reads").isPositive();
        }
        finally {
            done.set(true);
            pool.shutdownNow();
            clients.forEach(S3Client::close);
        }

        assertThat(unexpected).isEmpty();
        assertThat(backwards).isEmpty();
        S3CheckpointStore reader = S3CheckpointStore.builder(S3.server().client(), bucket).prefix("shared/").build();
        assertThat(reader.latestId()).hasValue(IDS);
        assertThat(reader.listIds()).hasSize(IDS);
        for (long id = 1; id <= IDS; id++) {
            assertThat(winners.get(id)).as("writers whose save of %d succeeded", id).hasSize(1);
            String winner = winners.get(id).get(0);
            CheckpointManifest stored = reader.loadById(id).orElseThrow();
            assertThat(stored.sourceOffsets().get("orders").metadata()).containsEntry("writer", winner);
            assertThat(reader.validateCheckpoint(id).valid()).as("checkpoint %d validates", id).isTrue();
            if (id % 3 != 0) {
                assertThat(reader.loadOperatorState(id, "window"))
                        .hasValue(TestManifests.bytes(winner + id + "/a", 64 + (int) id));
            }
        }
    }

    private static void save(S3CheckpointStore store, long id, String writer) {
        if (id % 3 == 0) {
            store.save(TestManifests.inline(id, writer));
            return;
        }
        CheckpointManifest manifest = TestManifests.external(id, writer, 64 + (int) id, 32);
        store.saveWithState(manifest, TestManifests.state(writer + id, 64 + (int) id, 32));
    }

    /** Reads the pointer until the writers are done; records every time it is lower than before. */
    private static int observePointer(S3CheckpointStore reader, AtomicBoolean done, List<String> backwards) {
        long highest = 0;
        int reads = 0;
        while (!done.get() || reads == 0) {
            OptionalLong seen;
            try {
                seen = reader.latestId();
            }
            catch (CorruptCheckpointException ex) {
                backwards.add("unreadable pointer: " + ex.getMessage());
                continue;
            }
            reads++;
            long id = seen.orElse(0);
            if (id < highest) {
                backwards.add("pointer at " + id + " after " + highest);
            }
            highest = Math.max(highest, id);
            try {
                Thread.sleep(2);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return reads;
            }
        }
        return reads;
    }

}
