package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

/**
 * More checkpoints than one LIST page (1,000 keys) and one DeleteObjects batch: {@code listIds},
 * auto-prune and {@code prune} page and batch correctly.
 */
class S3ManyCheckpointsTest {

    private static final int COUNT = 2_500;
    private static final int THREADS = 4;


    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension();

    @Test
    void listAndPruneAcrossPages() throws Exception {
        String bucket = S3.bucket().name();
        ObjectLayout layout = new ObjectLayout("many/");
        seed(bucket, layout);
        RequestCounter requests = new RequestCounter();
        try (S3Client counted = S3.server().clientBuilder(requests).httpClientBuilder(S3MockServer.httpClient(Duration.ofMinutes(1)))
                .build()) {
            S3CheckpointStore store = S3CheckpointStore.builder(counted, bucket).prefix(layout.prefix()).build();

            requests.reset();
            List<Long> ids = store.listIds();
            assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(1, COUNT).boxed().toList());
            assertThat(requests.snapshot()).as("one LIST per 1,000 keys, no GETs")
                    .containsExactly(java.util.Map.entry("ListObjectsV2", 3));

            S3CheckpointStore retaining = S3CheckpointStore.builder(counted, bucket).prefix(layout.prefix())
                    .maxRetained(2_400).build();
            requests.reset();
            retaining.save(TestManifests.inline(COUNT + 1, "w"));
            assertThat(requests.count("ListObjectsV2")).as("the first auto-prune lists every page").isEqualTo(3);
            assertThat(requests.count("DeleteObjects")).as("101 manifests, then 101 sidecars").isEqualTo(2);
            requests.reset();
            retaining.save(TestManifests.inline(COUNT + 2, "w"));
            assertThat(requests.count("ListObjectsV2")).as("later auto-prunes use the remembered ids").isZero();
            assertThat(store.listIds()).hasSize(2_400).first().isEqualTo(103L);

            requests.reset();
            assertThat(store.prune(1_000)).isEqualTo(1_400);
            assertThat(requests.count("DeleteObjects")).as("1,400 manifests, then 1,400 sidecars, in batches of 1,000")
                    .isEqualTo(4);
            assertThat(store.listIds()).containsExactlyElementsOf(LongStream.rangeClosed(1_503, COUNT + 2).boxed().toList());
            assertThat(store.loadStateData(1_500)).isEmpty();
            assertThat(store.loadStateData(2_500)).hasValue(state(2_500));
            assertThat(store.recoverLatestValidated().chosenId()).hasValue(COUNT + 2);
        }
    }

    /** Writes the manifests (and every 100th a sidecar) with raw PUTs, in parallel. */
    private static void seed(String bucket, ObjectLayout layout) throws Exception {
        S3Client client = S3.server().client();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t + 1;
                batches.add(pool.submit(() -> {
                    for (long id = first; id <= COUNT; id += THREADS) {
                        long checkpoint = id;
                        client.putObject(r -> r.bucket(bucket).key(layout.manifestKey(checkpoint)),
                                RequestBody.fromBytes(TestManifests.json(TestManifests.inline(checkpoint, "seed"))));
                        if (checkpoint % 100 == 0) {
                            client.putObject(r -> r.bucket(bucket).key(layout.stateKey(checkpoint)),
                                    RequestBody.fromBytes(state(checkpoint)));
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
        return TestManifests.bytes("many" + id, 16);
    }
}
