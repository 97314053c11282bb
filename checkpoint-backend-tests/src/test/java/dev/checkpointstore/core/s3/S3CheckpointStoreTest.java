package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.objectstore.ConditionalWritesUnsupportedException;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.FormatFixtures;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3CheckpointStore} beyond the shared contract, on a real S3Mock server: the request
 * budgets, the fence against other writers, the pointer format, the conditional-write probe and
 * the errors a user sees.
 */
class S3CheckpointStoreTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final RequestCounter requests = new RequestCounter();
    private final ObjectLayout layout = new ObjectLayout("unit-" + TESTS.incrementAndGet() + "/");
    private S3Client counted;

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("unit");

    @BeforeEach
    void useBucket() {
        bucket = S3.bucket().name();
    }

    @AfterEach
    void closeClient() {
        if (counted != null) {
            counted.close();
        }
    }

    private S3CheckpointStore.Builder builder() {
        counted = S3.server().client(requests);
        return S3CheckpointStore.builder(counted, bucket).prefix(layout.prefix());
    }

    private void putRaw(String key, byte[] bytes) {
        S3.server().client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private byte[] getRaw(String key) {
        return S3.server().client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    private Map<String, Integer> measure(String operation, Runnable action) {
        requests.reset();
        action.run();
        Map<String, Integer> counts = requests.snapshot();
        System.out.println("S3 requests for " + operation + ": " + requests.total() + " " + counts);
        return counts;
    }

    // ---- request budgets ----

    @Test
    void buildProbesWithSixRequests() {
        Map<String, Integer> counts = measure("build()", () -> builder().build());

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("PutObject", 4, "DeleteObjects", 1,
                "ListObjectsV2", 1));
    }

    @Test
    void saveInTheSteadyStateIsTwoPuts() {
        S3CheckpointStore store = builder().build();
        store.save(TestManifests.inline(1, "w"));

        Map<String, Integer> counts = measure("save (steady state)", () -> store.save(TestManifests.inline(2, "w")));

        assertThat(counts).containsExactly(Map.entry("PutObject", 2));
        assertThat(store.latestId()).hasValue(2);
    }

    @Test
    void firstSaveReadsThePointerOnce() {
        S3CheckpointStore store = builder().build();

        Map<String, Integer> counts = measure("save (first)", () -> store.save(TestManifests.inline(1, "w")));

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("PutObject", 2, "GetObject", 1));
    }

    @Test
    void saveWithStateBelowTheThresholdIsThreePuts() {
        S3CheckpointStore store = builder().build();
        store.saveWithState(TestManifests.external(1, "w", 1000, 2000), TestManifests.state("1", 1000, 2000));

        Map<String, Integer> counts = measure("saveWithState (steady state, below threshold)",
                () -> store.saveWithState(TestManifests.external(2, "w", 1000, 2000), TestManifests.state("2", 1000, 2000)));

        assertThat(counts).containsExactly(Map.entry("PutObject", 3));
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
    }

    @Test
    void autoPruneDoesNotListAfterTheFirstListing() {
        S3CheckpointStore store = builder().maxRetained(3).build();
        for (long id = 1; id <= 4; id++) {
            store.save(TestManifests.inline(id, "w"));
        }

        Map<String, Integer> counts = measure("save with maxRetained (steady state, pruning one)",
                () -> store.save(TestManifests.inline(5, "w")));

        assertThat(counts).as("the manifest and pointer PUTs, then the manifests' and the sidecars' DeleteObjects")
                .containsExactlyInAnyOrderEntriesOf(Map.of("PutObject", 2, "DeleteObjects", 2));
        assertThat(store.listIds()).containsExactly(3L, 4L, 5L);
    }

    @Test
    void loadLatestIsTwoGets() {
        S3CheckpointStore store = builder().build();
        store.save(TestManifests.inline(1, "w"));

        Map<String, Integer> counts = measure("loadLatest", () -> assertThat(store.loadLatest()).isPresent());

        assertThat(counts).containsExactly(Map.entry("GetObject", 2));
    }

    @Test
    void recoveryOfAValidNewestCheckpointIsOneListAndTwoGets() {
        S3CheckpointStore store = builder().build();
        for (long id = 1; id <= 3; id++) {
            store.saveWithState(TestManifests.external(id, "w", 100, 200), TestManifests.state("s" + id, 100, 200));
        }

        Map<String, Integer> counts = measure("recoverLatestValidated (newest valid)",
                () -> assertThat(store.recoverLatestValidated().chosenId()).hasValue(3));

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("ListObjectsV2", 1, "GetObject", 2));
    }

    @Test
    void readsCostOneRequestEach() {
        S3CheckpointStore store = builder().build();
        store.saveWithState(TestManifests.external(1, "w", 100, 200), TestManifests.state("s", 100, 200));

        assertThat(measure("latestId", store::latestId)).containsExactly(Map.entry("GetObject", 1));
        assertThat(measure("loadById", () -> store.loadById(1))).containsExactly(Map.entry("GetObject", 1));
        assertThat(measure("listIds", store::listIds)).containsExactly(Map.entry("ListObjectsV2", 1));
        assertThat(measure("loadStateData", () -> store.loadStateData(1))).containsExactly(Map.entry("GetObject", 1));
        assertThat(measure("validateCheckpoint", () -> store.validateCheckpoint(1)))
                .containsExactly(Map.entry("GetObject", 2));
        assertThat(measure("loadOperatorState (external)", () -> assertThat(store.loadOperatorState(1, "join"))
                .hasValue(TestManifests.bytes("s/b", 200)))).containsExactly(Map.entry("GetObject", 2));
        assertThat(measure("updateManifest", () -> store.updateManifest(store.loadById(1).orElseThrow())))
                .containsExactly(Map.entry("GetObject", 1), Map.entry("PutObject", 1));
        store.save(TestManifests.inline(2, "w"));
        assertThat(measure("prune(1) of one checkpoint", () -> store.prune(1)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ListObjectsV2", 1, "DeleteObjects", 2));
    }

    // ---- the fence ----

    @Test
    void anotherWritersManifestIsAConflictAndLeavesEverythingAlone() {
        S3CheckpointStore first = builder().build();
        S3CheckpointStore second = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(layout.prefix()).build();
        CheckpointManifest theirs = TestManifests.inline(5, "first");
        first.save(theirs);
        CheckpointManifest ours = theirs.toBuilder().epoch(6).build();

        assertThatExceptionOfType(CheckpointConflictException.class).isThrownBy(() -> second.save(ours))
                .withMessageContaining("checkpoint 5")
                .withMessageContaining("s3://" + bucket + "/" + layout.manifestKey(5))
                .withMessageContaining("theirs (epoch 5").withMessageContaining("ours (epoch 6")
                .withMessageContaining("the next free checkpoint id is 6")
                .satisfies(ex -> assertThat(ex.checkpointId()).isEqualTo(5))
                .satisfies(ex -> assertThat(ex.nextCheckpointId()).hasValue(6));
        assertThat(second.loadById(5)).hasValue(theirs);
        assertThat(second.latestId()).hasValue(5);
    }

    @Test
    void conflictDoesNotMoveThePointer() {
        S3CheckpointStore store = builder().build();
        store.save(TestManifests.inline(5, "w"));
        putRaw(layout.manifestKey(9), TestManifests.json(TestManifests.inline(9, "foreign")));

        assertThatExceptionOfType(CheckpointConflictException.class)
                .isThrownBy(() -> store.save(TestManifests.inline(9, "w")));

        assertThat(store.latestId()).hasValue(5);
        assertThat(store.loadById(9)).hasValue(TestManifests.inline(9, "foreign"));
    }

    @Test
    void savingTheSameManifestAgainIsAnIdempotentSuccess() {
        S3CheckpointStore store = builder().build();
        CheckpointManifest manifest = TestManifests.external(3, "w", 10, 20);
        store.saveWithState(manifest, TestManifests.state("3", 10, 20));

        S3CheckpointStore retrying = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(layout.prefix()).build();
        retrying.saveWithState(manifest, TestManifests.state("3", 10, 20));

        assertThat(retrying.validateCheckpoint(3).valid()).isTrue();
        assertThat(retrying.latestId()).hasValue(3);
    }

    @Test
    void aLosingWriterCannotReplaceTheWinnersState() {
        S3CheckpointStore winner = builder().build();
        winner.saveWithState(TestManifests.external(4, "winner", 10, 20), TestManifests.state("winner", 10, 20));
        S3CheckpointStore loser = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(layout.prefix()).build();

        assertThatExceptionOfType(CheckpointConflictException.class)
                .isThrownBy(() -> loser.saveWithState(TestManifests.external(4, "loser", 10, 20),
                        TestManifests.state("loser", 10, 20)))
                .withMessageContaining("checkpoint 4").withMessageContaining(layout.stateKey(4));

        assertThat(winner.validateCheckpoint(4).valid()).isTrue();
        assertThat(winner.loadStateData(4).orElseThrow()).startsWith(TestManifests.bytes("winner/a", 10));
    }

    @Test
    void aLeftoverSidecarKeepsItsIdUntilCleanupRemovesIt() {
        S3CheckpointStore store = builder().orphanMinAge(Duration.ZERO).build();
        byte[] leftover = "left by a crashed save".getBytes(StandardCharsets.UTF_8);
        putRaw(layout.stateKey(6), leftover);

        assertThatExceptionOfType(CheckpointConflictException.class)
                .isThrownBy(() -> store.saveWithState(TestManifests.external(6, "w", 10, 20),
                        TestManifests.state("6", 10, 20)))
                .withMessageContaining("checkpoint 6 is taken").withMessageContaining(layout.stateKey(6))
                .withMessageContaining("the next free checkpoint id is 7")
                .satisfies(ex -> assertThat(ex.nextCheckpointId()).hasValue(7));
        assertThat(getRaw(layout.stateKey(6))).isEqualTo(leftover);

        assertThat(store.cleanupOrphans()).isEqualTo(1);
        store.saveWithState(TestManifests.external(6, "w", 10, 20), TestManifests.state("6", 10, 20));
        assertThat(store.validateCheckpoint(6).valid()).isTrue();
    }

    @Test
    void aSidecarWithoutManifestBelongsToAWriterStillSavingAndNamesTheNextFreeId() {
        S3CheckpointStore store = builder().build();
        store.save(TestManifests.inline(3, "w"));
        byte[] theirs = "another writer's state, its manifest on the way".getBytes(StandardCharsets.UTF_8);
        putRaw(layout.stateKey(7), theirs);

        assertThatExceptionOfType(CheckpointConflictException.class)
                .isThrownBy(() -> store.saveWithState(TestManifests.external(7, "w", 10, 20),
                        TestManifests.state("7", 10, 20)))
                .withMessageContaining("another writer is saving it").withMessageContaining(layout.stateKey(7))
                .withMessageContaining("the next free checkpoint id is 8")
                .satisfies(ex -> assertThat(ex.checkpointId()).isEqualTo(7))
                .satisfies(ex -> assertThat(ex.nextCheckpointId()).hasValue(8));

        assertThat(getRaw(layout.stateKey(7))).isEqualTo(theirs);
        assertThat(store.listIds()).containsExactly(3L);
        assertThat(store.latestId()).hasValue(3);
    }

    @Test
    void anIdenticalRetryAfterACrashBetweenSidecarAndManifestSucceeds() {
        CheckpointManifest manifest = TestManifests.external(3, "w", 10, 20);
        builder().build().saveStateData(3, TestManifests.state("3", 10, 20));

        S3CheckpointStore restarted = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(layout.prefix()).build();
        restarted.saveWithState(manifest, TestManifests.state("3", 10, 20));

        assertThat(restarted.validateCheckpoint(3).valid()).isTrue();
        assertThat(restarted.latestId()).hasValue(3);
    }

    @Test
    void saveStateDataOverwrites() {
        S3CheckpointStore store = builder().build();
        store.saveStateData(2, List.of(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        store.saveStateData(2, List.of(ByteBuffer.wrap(new byte[] {4})));

        assertThat(store.loadStateData(2)).hasValue(new byte[] {4});
    }

    // ---- layout and pointer ----

    @Test
    void pointerIsWrittenExactlyAsTheFixturePrintsIt() throws Exception {
        S3CheckpointStore store = builder().build();
        store.save(TestManifests.inline(1, "w"));
        store.save(TestManifests.inline(2, "w"));

        byte[] fixture = Files.readAllBytes(FormatFixtures.dir()
                .resolve("obj/valid-pair/nodes/a/manifests/latest.json"));
        assertThat(getRaw(layout.latestKey())).isEqualTo(fixture).asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"checkpoint_id\": 2}");
    }

    @Test
    void strayKeysAreIgnoredAndNeverDeleted() {
        S3CheckpointStore store = builder().orphanMinAge(Duration.ZERO).build();
        store.save(TestManifests.inline(1, "w"));
        List<String> strays = List.of("manifests/manifest-abc.json", "manifests/manifest-1.json",
                "manifests/manifest-0000001.json", "manifests/notes.txt", "checkpoints/state-xyz.bin",
                "checkpoints/readme");
        for (String stray : strays) {
            putRaw(layout.prefix() + stray, new byte[] {'x'});
        }
        putRaw(layout.prefix() + "checkpoints/state-2.bin", new byte[] {'x'});

        assertThat(store.listIds()).as("every spelling of an id counts, as in LaminarDB, once").containsExactly(1L);
        assertThat(store.cleanupOrphans()).as("state-2.bin names checkpoint 2, which has no manifest").isEqualTo(1);
        store.save(TestManifests.inline(3, "w"));
        assertThat(store.prune(1)).isEqualTo(1);

        for (String stray : strays) {
            assertThat(getRaw(layout.prefix() + stray)).containsExactly('x');
        }
    }

    @Test
    void corruptPointerIsReportedAndRepairedByTheNextSave() {
        S3CheckpointStore store = builder().build();
        store.save(TestManifests.inline(1, "w"));
        putRaw(layout.latestKey(), "checkpoint_000001".getBytes(StandardCharsets.UTF_8));

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(store::latestId)
                .withMessageContaining(layout.latestKey());

        store.save(TestManifests.inline(2, "w"));
        assertThat(store.latestId()).hasValue(2);
    }

    @Test
    void oversizedManifestIsCorrupt() {
        S3CheckpointStore store = builder().maxManifestBytes(100).build();
        putRaw(layout.manifestKey(1), "x".repeat(101).getBytes(StandardCharsets.UTF_8));

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> store.loadById(1))
                .withMessageContaining("101 bytes").withMessageContaining("100").withMessageContaining(layout.manifestKey(1));
        assertThat(store.validateCheckpoint(1).fatalReason()).startsWith("corrupt manifest: ");
    }

    @Test
    void locationNamesBucketAndPrefix() {
        S3CheckpointStore store = builder().build();

        assertThat(store.location()).isEqualTo("s3://" + bucket + "/" + layout.prefix());
        assertThat(store.bucket()).isEqualTo(bucket);
        assertThat(store.prefix()).isEqualTo(layout.prefix());
        assertThat(store.conditionalWrites()).isTrue();
    }

    // ---- the probe ----

    @Test
    void aStoreThatIgnoresConditionalWritesIsRefused() {
        try (S3Client ignoring = S3.server().client(new DropPreconditions())) {
            assertThatExceptionOfType(ConditionalWritesUnsupportedException.class)
                    .isThrownBy(() -> S3CheckpointStore.builder(ignoring, bucket).prefix(layout.prefix()).build())
                    .withMessageContaining("does not honour conditional writes")
                    .withMessageContaining("If-None-Match: * is ignored")
                    .withMessageContaining("If-Match is ignored")
                    .withMessageContaining("allowUnconditionalWrites(true)")
                    .withMessageContaining(bucket);
        }
    }

    @Test
    void unconditionalWritesWhenAllowedStillDetectAnotherWritersManifest() {
        try (S3Client ignoring = S3.server().client(new DropPreconditions())) {
            S3CheckpointStore store = S3CheckpointStore.builder(ignoring, bucket).prefix(layout.prefix())
                    .allowUnconditionalWrites(true).build();
            assertThat(store.conditionalWrites()).isFalse();

            store.saveWithState(TestManifests.external(1, "w", 10, 10), TestManifests.state("1", 10, 10));
            store.save(TestManifests.inline(3, "w"));
            store.save(TestManifests.inline(2, "w"));
            store.save(TestManifests.inline(3, "w"));

            assertThat(store.latestId()).hasValue(3);
            assertThat(store.validateCheckpoint(1).valid()).isTrue();
            assertThatExceptionOfType(CheckpointConflictException.class)
                    .isThrownBy(() -> store.save(TestManifests.inline(3, "other")));
        }
    }

    // ---- bad configuration and unusable buckets ----

    @Test
    void builderRejectsBadValuesNamingThem() {
        S3Client client = S3.server().client();
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket).prefix("nodes/a"))
                .withMessageContaining("'nodes/a'").withMessageContaining("end with '/'");
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket).prefix("/nodes/"))
                .withMessageContaining("'/nodes/'");
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, "a/b"))
                .withMessageContaining("'a/b'");
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket).partSize(1024))
                .withMessageContaining("1024");
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket).multipartThreshold(0))
                .withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket).vnodeCount(0))
                .withMessageContaining("was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket).maxRetained(-1))
                .withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> S3CheckpointStore.builder(client, bucket).maxAttempts(0))
                .withMessageContaining("0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> S3CheckpointStore.builder(client, bucket).orphanMinAge(Duration.ofSeconds(-1)))
                .withMessageContaining("PT-1S");
        assertThat(S3CheckpointStore.builder(client, bucket).prefix("").prefix("nodes/a/")).isNotNull();
    }

    @Test
    void missingBucketIsOneClearError() {
        assertThatExceptionOfType(CheckpointBackendException.class)
                .isThrownBy(() -> S3CheckpointStore.builder(S3.server().client(), "no-such-bucket-here").prefix("p/").build())
                .withMessageContaining("bucket 'no-such-bucket-here' does not exist")
                .withMessageContaining("s3://no-such-bucket-here/p/")
                .withMessageContaining(S3.server().endpoint().toString());
    }

    @Test
    void bucketDeletedUnderARunningStoreIsOneClearError() {
        String doomed = S3.server().newBucket("doomed");
        S3CheckpointStore store = S3CheckpointStore.builder(S3.server().client(), doomed).build();
        S3.server().client().deleteBucket(r -> r.bucket(doomed));

        assertThatExceptionOfType(CheckpointBackendException.class).isThrownBy(() -> store.save(TestManifests.inline(1, "w")))
                .withMessageContaining("bucket '" + doomed + "' does not exist")
                .withMessageContaining("s3://" + doomed + "/manifests/manifest-000001.json");
        assertThatExceptionOfType(CheckpointBackendException.class).isThrownBy(store::listIds)
                .withMessageContaining("bucket '" + doomed + "' does not exist");
    }

    @Test
    void unreachableEndpointIsOneClearError() {
        java.net.URI nowhere = java.net.URI.create("http://127.0.0.1:" + closedPort());
        try (S3Client client = S3MockServer.clientBuilder(nowhere).build()) {
            assertThatExceptionOfType(CheckpointBackendException.class)
                    .isThrownBy(() -> S3CheckpointStore.builder(client, bucket).maxAttempts(2)
                            .retryDelays(Duration.ofMillis(1), Duration.ofMillis(1)).build())
                    .withMessageContaining("the S3 endpoint " + nowhere + " is unreachable")
                    .withMessageContaining("s3://" + bucket + "/");
        }
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** Strips preconditions from requests: a store that ignores conditional writes. */
    private static final class DropPreconditions implements ExecutionInterceptor {

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("If-None-Match").removeHeader("If-Match").build();
        }
    }
}
