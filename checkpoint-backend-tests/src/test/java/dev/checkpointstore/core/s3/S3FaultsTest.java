package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3CheckpointStore} behind a {@link FaultyProxy}: 503s, refused and dropped connections
 * and lost responses. Idempotent operations still succeed; a save whose outcome was lost is
 * settled by reading back, not by a blind retry; a save that fails leaves nothing half-visible:
 * the pointer never names a missing manifest and every visible checkpoint is complete.
 */
class S3FaultsTest {

    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final FaultyProxy.Fault[] CYCLE = {FaultyProxy.Fault.REJECT_503, FaultyProxy.Fault.DROP_RESPONSE,
        FaultyProxy.Fault.DROP_REQUEST, FaultyProxy.Fault.REPLACE_WITH_503};

    private String bucket;

    private final RequestCounter requests = new RequestCounter();
    private final String prefix = "faults-" + TESTS.incrementAndGet() + "/";
    private FaultyProxy proxy;
    private S3Client client;

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("faults");

    @BeforeEach
    void startProxy() {
        bucket = S3.bucket().name();
        proxy = new FaultyProxy(S3.server().endpoint());
        client = proxy.client(requests);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private S3CheckpointStore.Builder builder() {
        return S3CheckpointStore.builder(client, bucket).prefix(prefix)
                .retryDelays(Duration.ofMillis(1), Duration.ofMillis(20));
    }

    /** The same objects without the proxy. */
    private S3CheckpointStore clean() {
        return S3CheckpointStore.builder(S3.server().client(), bucket).prefix(prefix).build();
    }

    @Test
    void everyOperationSucceedsWhenEveryThirdRequestFails() throws IOException {
        S3CheckpointStore store = builder().maxRetained(4).build();
        proxy.policy((n, line) -> n % 3 == 0 ? CYCLE[(int) (n / 3) % CYCLE.length] : FaultyProxy.Fault.NONE);

        for (long id = 1; id <= 8; id++) {
            store.saveWithState(TestManifests.external(id, "w", 200, 100), TestManifests.state("s" + id, 200, 100));
        }
        store.save(TestManifests.inline(9, "w"));
        store.updateManifest(TestManifests.inline(9, "w").toBuilder().putSinkEpoch("pg", 9).build());

        assertThat(store.listIds()).containsExactly(6L, 7L, 8L, 9L);
        assertThat(store.latestId()).hasValue(9);
        assertThat(store.loadLatest().map(m -> m.sinkEpochs().get("pg"))).hasValue(9L);
        assertThat(store.loadById(8).map(CheckpointManifest::checkpointId)).hasValue(8L);
        assertThat(store.loadStateData(8).orElseThrow()).startsWith(TestManifests.bytes("s8/a", 200));
        try (InputStream in = store.openStateData(7).orElseThrow()) {
            assertThat(in.readAllBytes()).hasSize(300);
        }
        assertThat(store.loadOperatorState(6, "join")).hasValue(TestManifests.bytes("s6/b", 100));
        assertThat(store.validateCheckpoint(8).valid()).isTrue();
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(9);
        assertThat(store.prune(1)).isEqualTo(3);
        assertThat(store.cleanupOrphans()).isZero();
        assertThat(proxy.injected()).isGreaterThan(20);
        assertThat(clean().listIds()).containsExactly(9L);
    }

    @Test
    void aCreateWhoseResponseWasLostIsSettledByReadingBack() {
        S3CheckpointStore store = builder().build();
        proxy.policy((n, line) -> line.startsWith("PUT") && line.contains("manifest-000001.json")
                ? FaultyProxy.Fault.DROP_RESPONSE : FaultyProxy.Fault.NONE);
        requests.reset();

        store.save(TestManifests.inline(1, "w"));

        assertThat(requests.count("PutObject")).as("manifest PUT once, pointer PUT once").isEqualTo(2);
        assertThat(clean().loadLatest()).hasValue(TestManifests.inline(1, "w"));
    }

    @Test
    void streamingReadsResumeAfterTheConnectionDrops() throws IOException {
        S3CheckpointStore store = builder().build();
        byte[] data = TestManifests.bytes("big", 3 * 1024 * 1024);
        store.saveStateData(1, List.of(ByteBuffer.wrap(data)));
        AtomicInteger reads = new AtomicInteger();
        proxy.policy((n, line) -> line.startsWith("GET") && line.contains("state-000001.bin")
                && reads.incrementAndGet() % 2 == 1 ? FaultyProxy.Fault.CUT_BODY : FaultyProxy.Fault.NONE);
        requests.reset();

        try (InputStream in = store.openStateData(1).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        assertThat(proxy.injected()).isPositive();
        assertThat(requests.count("GetObject")).isGreaterThan(1);
    }

    @Test
    void aFailedSaveLeavesNothingHalfVisible() {
        S3CheckpointStore store = builder().maxAttempts(2).build();
        Random random = new Random(42);
        proxy.policy((n, line) -> random.nextInt(100) < 45 ? CYCLE[random.nextInt(CYCLE.length)] : FaultyProxy.Fault.NONE);
        S3CheckpointStore observer = clean();
        List<Long> saved = new ArrayList<>();
        int failed = 0;

        for (long id = 1; id <= 16; id++) {
            try {
                store.saveWithState(TestManifests.external(id, "w", 50, 50), TestManifests.state("h" + id, 50, 50));
                saved.add(id);
            }
            catch (CheckpointStoreException ex) {
                failed++;
            }
            OptionalLong latest = observer.latestId();
            if (latest.isPresent()) {
                assertThat(observer.loadById(latest.getAsLong())).as("the manifest the pointer names").isPresent();
            }
            for (long visible : observer.listIds()) {
                assertThat(observer.validateCheckpoint(visible).valid()).as("visible checkpoint %d", visible).isTrue();
            }
            if (!saved.isEmpty()) {
                assertThat(latest).as("pointer after saving %s", saved).isPresent();
                assertThat(latest.getAsLong()).isGreaterThanOrEqualTo(saved.get(saved.size() - 1));
            }
        }

        assertThat(failed).as("saves that failed").isPositive();
        assertThat(saved).as("saves that succeeded").isNotEmpty();
        assertThat(observer.listIds()).containsAll(saved);
    }

    @Test
    void accessDeniedIsOneClearError() {
        proxy.policy((n, line) -> FaultyProxy.Fault.DENY_403);

        assertThatExceptionOfType(CheckpointBackendException.class).isThrownBy(() -> builder().build())
                .withMessageContaining("access denied to bucket '" + bucket + "'")
                .withMessageContaining("check the credentials")
                .withMessageContaining("s3://" + bucket + "/" + prefix);
    }

    @Test
    void persistentServerErrorsFailNamingTheKey() {
        S3CheckpointStore store = builder().maxAttempts(3).build();
        store.save(TestManifests.inline(1, "w"));
        proxy.policy((n, line) -> FaultyProxy.Fault.REJECT_503);
        requests.reset();

        assertThatExceptionOfType(CheckpointBackendException.class).isThrownBy(() -> store.loadById(1))
                .withMessageContaining("s3://" + bucket + "/" + prefix + "manifests/manifest-000001.json")
                .withMessageContaining("503");
        assertThat(requests.count("GetObject")).isEqualTo(3);
        assertThat(clean().loadById(1)).isPresent();
    }
}
