package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.s3.S3Client;

import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.S3MockExtension;

/**
 * Two store instances on one prefix, as in a failover overlap (the old instance still saving
 * while the new one starts), on a real S3Mock server: retention holds across them, the checkpoints
 * of the instance that stops are pruned by the one that carries on, and a lone writer still prunes
 * without listing.
 */
class S3SharedPrefixRetentionTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final ObjectLayout layout = new ObjectLayout("shared-" + TESTS.incrementAndGet() + "/");
    private final RequestCounter requests = new RequestCounter();
    private final S3Client counted = S3.server().client(requests);

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("shared");

    @BeforeEach
    void useBucket() {
        bucket = S3.bucket().name();
    }

    @AfterEach
    void closeClient() {
        counted.close();
    }

    private S3CheckpointStore store(S3Client client, int maxRetained) {
        return S3CheckpointStore.builder(client, bucket).prefix(layout.prefix()).maxRetained(maxRetained).build();
    }

    private static void saveWithState(S3CheckpointStore store, long id) {
        store.saveWithState(TestManifests.external(id, "w" + id, 30, 20), TestManifests.state("s" + id, 30, 20));
    }

    @Test
    void retentionHoldsAcrossTwoWritersAndTheSurvivorPrunesTheOthersCheckpoints() {
        S3CheckpointStore first = store(counted, 2);
        S3CheckpointStore second = store(S3.server().client(), 2);
        S3CheckpointStore observer = store(S3.server().client(), 0);

        for (long id = 1; id <= 8; id++) {
            saveWithState(id % 2 == 1 ? first : second, id);
            assertThat(observer.listIds()).as("checkpoints after saving %d", id).hasSizeLessThanOrEqualTo(2);
        }
        assertThat(observer.listIds()).containsExactly(7L, 8L);

        saveWithState(first, 9);
        assertThat(observer.listIds()).as("the second writer's 8 is pruned by the first").containsExactly(8L, 9L);

        requests.reset();
        saveWithState(first, 10);
        assertThat(requests.snapshot()).as("a lone writer again: no LIST, no GET")
                .containsExactlyInAnyOrderEntriesOf(Map.of("PutObject", 3, "DeleteObjects", 2));
        assertThat(observer.listIds()).containsExactly(9L, 10L);
        for (long id : observer.listIds()) {
            assertThat(observer.validateCheckpoint(id).valid()).as("checkpoint %d", id).isTrue();
        }
        assertThat(observer.recoverLatestValidated().chosenId()).hasValue(10);
    }

    @Test
    void aPointerReadThatFindsAnotherWritersMoveAlsoMakesTheNextPruneList() {
        S3CheckpointStore first = store(counted, 2);
        S3CheckpointStore second = store(S3.server().client(), 2);
        saveWithState(first, 1);
        saveWithState(first, 2);
        saveWithState(second, 3);

        assertThat(first.latestId()).hasValue(3);
        saveWithState(first, 4);

        assertThat(store(S3.server().client(), 0).listIds()).containsExactly(3L, 4L);
    }

    @Test
    void aLoneWriterNeverLists() {
        S3CheckpointStore store = store(counted, 2);
        saveWithState(store, 1);
        requests.reset();

        for (long id = 2; id <= 5; id++) {
            saveWithState(store, id);
            assertThat(store.latestId()).hasValue(id);
        }

        assertThat(requests.count("ListObjectsV2")).isZero();
        assertThat(store(S3.server().client(), 0).listIds()).isEqualTo(List.of(4L, 5L));
    }
}
