package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;

/**
 * The sidecars' storage class, and the request listener that counts every request the store
 * sends, on S3Mock.
 */
class S3RequestOptionsTest {

    private static final int LARGE = 12 * 1024 * 1024;
    private static final AtomicInteger TESTS = new AtomicInteger();

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("options");

    private String bucket;

    private final RecordedRequests requests = new RecordedRequests();
    private final RequestCounter counter = new RequestCounter();
    private final ObjectLayout layout = new ObjectLayout("options-" + TESTS.incrementAndGet() + "/");
    private final S3Client client = S3.server().client(requests, counter);

    @BeforeEach
    void useBucket() {
        bucket = S3.bucket().name();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void sidecarsGetTheirStorageClassAndManifestsAndThePointerKeepTheDefault() {
        S3CheckpointStore store = S3CheckpointStore.builder(client, bucket).prefix(layout.prefix())
                .sidecarStorageClass(StorageClass.STANDARD_IA).multipartThreshold(6 * 1024 * 1024)
                .partSize(5 * 1024 * 1024).build();

        store.saveWithState(TestManifests.external(1, "w", 900, 100), TestManifests.state("one", 900, 100));
        store.saveWithState(TestManifests.external(2, "w", LARGE - 100, 100), TestManifests.state("two", LARGE - 100, 100));
        store.saveStateData(3, TestManifests.state("three", 10, 10));

        assertThat(requests.of(Set.of("PutObject", "CreateMultipartUpload")))
                .filteredOn(r -> r.path().contains("/checkpoints/state-")).hasSize(3)
                .allSatisfy(r -> assertThat(r.header("x-amz-storage-class")).isEqualTo("STANDARD_IA"));
        assertThat(requests.of(Set.of("PutObject"))).filteredOn(r -> r.path().contains("/manifests/")).hasSize(4)
                .allSatisfy(r -> assertThat(r.has("x-amz-storage-class")).as(r.path()).isFalse());
        assertThat(S3.server().client().headObject(r -> r.bucket(bucket).key(layout.stateKey(1))).storageClass())
                .isEqualTo(StorageClass.STANDARD_IA);
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
    }

    @Test
    void refusesAStorageClassS3DoesNotKnow() {
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket)
                .sidecarStorageClass(StorageClass.fromValue("COLD_AS_ICE")))
                .withMessageStartingWith("sidecarStorageClass must be a storage class S3 knows, one of [");
    }

    @Test
    void refusesArchiveStorageClassesThatCannotBeReadWithoutARestore() {
        for (StorageClass archive : List.of(StorageClass.GLACIER, StorageClass.DEEP_ARCHIVE)) {
            assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket)
                    .sidecarStorageClass(archive)).withMessageContaining("must allow reads without a restore, was "
                            + archive);
        }
    }

    @Test
    void listenersAreToldOfEveryRequestTheStoreSendsRetriesIncluded() {
        Map<String, AtomicInteger> told = new ConcurrentHashMap<>();
        FaultyProxy proxy = new FaultyProxy(S3.server().endpoint());
        try {
            S3Client throughProxy = proxy.client(counter);
            AtomicInteger puts = new AtomicInteger();
            proxy.policy((n, line) -> line.startsWith("PUT ") && line.contains("/manifests/manifest-")
                    && puts.incrementAndGet() == 1 ? FaultyProxy.Fault.REJECT_503 : FaultyProxy.Fault.NONE);
            S3CheckpointStore store = S3CheckpointStore.builder(throughProxy, bucket).prefix(layout.prefix())
                    .retryDelays(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5))
                    .addRequestListener(operation -> told.computeIfAbsent(operation, k -> new AtomicInteger())
                            .incrementAndGet())
                    .build();

            store.saveWithState(TestManifests.external(1, "w", 900, 100), TestManifests.state("one", 900, 100));
            store.recoverLatestValidated();
            store.save(TestManifests.inline(2, "w"));
            store.prune(1);

            Map<String, Integer> byListener = new TreeMap<>();
            told.forEach((operation, count) -> byListener.put(operation, count.get()));
            assertThat(proxy.injected()).isEqualTo(1);
            assertThat(byListener).isEqualTo(counter.snapshot())
                    .containsKeys("PutObject", "GetObject", "ListObjectsV2", "DeleteObjects");
            assertThat(counter.total()).as("the client's own interceptors still run").isPositive();
        }
        finally {
            proxy.close();
        }
    }

    @Test
    void otherUsersOfTheClientAreNotCounted() {
        AtomicInteger told = new AtomicInteger();
        S3CheckpointStore.builder(client, bucket).prefix(layout.prefix())
                .addRequestListener(operation -> told.incrementAndGet()).build();
        int afterBuild = told.get();

        client.listObjectsV2(r -> r.bucket(bucket));
        client.headBucket(r -> r.bucket(bucket));

        assertThat(afterBuild).isPositive();
        assertThat(told).hasValue(afterBuild);
    }
}
