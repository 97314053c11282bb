package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.StateChecksum;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.MutableClock;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Orphan cleanup of {@link S3CheckpointStore} on a real S3Mock server, with SDK interceptors that
 * put a save of the same store exactly where cleanup used to lose its sidecar: a save that
 * completes while cleanup lists, one that completes after cleanup listed the manifests, and one
 * that starts while cleanup deletes. The orphan minimum age is zero and the store's clock runs an
 * hour ahead, so only the store's own bookkeeping protects the save. Also the incomplete
 * multipart uploads cleanup aborts, and those it must leave.
 */
class S3OrphanCleanupTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final ObjectLayout layout = new ObjectLayout("cleanup-" + TESTS.incrementAndGet() + "/");
    private final MutableClock clock = new MutableClock();
    private final List<S3Client> clients = new ArrayList<>();

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("cleanup");

    @BeforeEach
    void useBucket() {
        bucket = S3.bucket().name();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(S3Client::close);
    }

    private S3CheckpointStore store(Duration orphanMinAge, ExecutionInterceptor... interceptors) {
        S3Client client = S3.server().client(interceptors);
        clients.add(client);
        return S3CheckpointStore.builder(client, bucket).prefix(layout.prefix()).orphanMinAge(orphanMinAge).clock(clock)
                .build();
    }

    private static CheckpointManifest manifest(long id) {
        return TestManifests.external(id, "w", 40, 24);
    }

    private static List<ByteBuffer> state(long id) {
        return TestManifests.state("state-" + id, 40, 24);
    }

    private static CheckpointManifest stamped(long id) {
        var digest = StateChecksum.sidecarDigest(manifest(id));
        StateChecksum.update(digest, state(id));
        return StateChecksum.stamp(manifest(id), java.util.Optional.of(digest));
    }

    @Test
    void aSaveThatCompletesWhileCleanupListsKeepsItsState() throws Exception {
        CountDownLatch atManifest = new CountDownLatch(1);
        CountDownLatch releaseManifest = new CountDownLatch(1);
        AtomicReference<Thread> saverRef = new AtomicReference<>();
        OnRequest holdManifest = new OnRequest("PutObject", OnRequest.key(layout.manifestKey(5)),
                OnRequest.Point.BEFORE_SENDING, () -> {
                    atManifest.countDown();
                    await(releaseManifest);
                });
        OnRequest completeSaveAfterManifestListing = new OnRequest("ListObjectsV2",
                OnRequest.listing(layout.manifestListPrefix()), OnRequest.Point.AFTER_RESPONSE, () -> {
                    releaseManifest.countDown();
                    join(saverRef.get());
                });
        S3CheckpointStore store = store(Duration.ZERO, holdManifest, completeSaveAfterManifestListing);
        clock.advance(Duration.ofHours(1));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread saver = new Thread(() -> {
            try {
                store.saveWithState(manifest(5), state(5));
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        });
        saverRef.set(saver);
        saver.start();
        assertThat(atManifest.await(30, TimeUnit.SECONDS)).as("the save wrote its sidecar").isTrue();

        try {
            assertThat(store.cleanupOrphans()).isZero();
        }
        finally {
            releaseManifest.countDown();
            join(saver);
        }

        assertThat(failure.get()).isNull();
        assertThat(store.validateCheckpoint(5).valid()).isTrue();
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(5);
    }

    @Test
    void aSaveThatCompletesAfterCleanupListedTheManifestsKeepsItsState() {
        AtomicReference<S3CheckpointStore> storeRef = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        OnRequest completeSave = new OnRequest("ListObjectsV2", OnRequest.listing(layout.manifestListPrefix()),
                OnRequest.Point.AFTER_RESPONSE, () -> runOnAnotherThread(() -> storeRef.get().save(stamped(5)), failure));
        S3CheckpointStore store = store(Duration.ZERO, completeSave);
        storeRef.set(store);
        store.saveStateData(5, state(5));
        clock.advance(Duration.ofHours(1));

        assertThat(store.cleanupOrphans()).isZero();

        assertThat(completeSave.fired()).isTrue();
        assertThat(failure.get()).isNull();
        assertThat(store.validateCheckpoint(5).valid()).isTrue();
    }

    @Test
    void aSaveThatStartsWhileCleanupDeletesWaitsAndKeepsItsState() throws Exception {
        AtomicReference<S3CheckpointStore> storeRef = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Thread> saverRef = new AtomicReference<>();
        OnRequest startSave = new OnRequest("DeleteObjects", request -> true, OnRequest.Point.BEFORE_SENDING, () -> {
            Thread saver = new Thread(() -> {
                try {
                    storeRef.get().saveWithState(manifest(5), state(5));
                }
                catch (Throwable ex) {
                    failure.set(ex);
                }
            });
            saverRef.set(saver);
            saver.start();
            while (saver.isAlive() && !waitsForCleanup(saver)) {
                Thread.onSpinWait();
            }
        }).disarmed();
        S3CheckpointStore store = store(Duration.ZERO, startSave);
        storeRef.set(store);
        store.saveStateData(5, state(5));
        clock.advance(Duration.ofHours(1));
        startSave.arm();

        assertThat(store.cleanupOrphans()).isEqualTo(1);
        join(saverRef.get());

        assertThat(failure.get()).isNull();
        assertThat(store.validateCheckpoint(5).valid()).isTrue();
        assertThat(store.loadStateData(5)).isPresent();
    }

    @Test
    void staleIncompleteUploadsOfSidecarsAreAborted() {
        S3CheckpointStore store = store(Duration.ofHours(1));
        String orphan = startUpload(layout.stateKey(8));
        String foreignKey = layout.prefix() + "other/state-000010.bin";
        String foreign = startUpload(foreignKey);
        clock.advance(Duration.ofHours(2));

        assertThat(store.cleanupOrphans()).isEqualTo(1);

        assertThat(uploads()).extracting(MultipartUpload::uploadId).containsExactly(foreign).doesNotContain(orphan);
        abort(foreignKey, foreign);
    }

    @Test
    void incompleteUploadsYoungerThanTheMinimumAgeAreSpared() {
        S3CheckpointStore store = store(Duration.ofHours(1));
        String young = startUpload(layout.stateKey(9));
        clock.advance(Duration.ofMinutes(59));

        assertThat(store.cleanupOrphans()).isZero();

        assertThat(uploads()).extracting(MultipartUpload::uploadId).containsExactly(young);
        abort(layout.stateKey(9), young);
    }

    @Test
    void anIncompleteUploadOfAKeyThatHoldsStateIsLeftAlone() {
        S3CheckpointStore store = store(Duration.ZERO);
        store.saveWithState(manifest(4), state(4));
        String upload = startUpload(layout.stateKey(4));
        clock.advance(Duration.ofHours(1));

        assertThat(store.cleanupOrphans()).isZero();

        assertThat(store.validateCheckpoint(4).valid()).isTrue();
        assertThat(uploads()).extracting(MultipartUpload::uploadId).containsExactly(upload);
        abort(layout.stateKey(4), upload);
    }

    @Test
    void nextCheckpointIdIsPastAnIncompleteUpload() {
        S3CheckpointStore store = store(Duration.ofHours(1));
        store.save(TestManifests.inline(2, "w"));
        String upload = startUpload(layout.stateKey(12));

        assertThat(store.nextCheckpointId()).isEqualTo(13);
        abort(layout.stateKey(12), upload);
    }

    @Test
    void credentialsThatMayNotListUploadsStillGetNextIdsAndCleanup() {
        try (FaultyProxy proxy = new FaultyProxy(S3.server().endpoint())) {
            proxy.policy((n, line) -> line.contains("?uploads") && line.startsWith("GET ") ? FaultyProxy.Fault.DENY_403
                    : FaultyProxy.Fault.NONE);
            S3CheckpointStore store = S3CheckpointStore.builder(proxy.client(), bucket).prefix(layout.prefix())
                    .orphanMinAge(Duration.ofHours(1)).clock(clock).build();
            store.save(TestManifests.inline(2, "w"));
            store.saveStateData(3, state(3));
            clock.advance(Duration.ofHours(2));

            assertThat(store.nextCheckpointId()).isEqualTo(4);
            assertThat(store.cleanupOrphans()).isEqualTo(1);
            assertThat(proxy.injected()).isPositive();
        }
    }

    private String startUpload(String key) {
        S3Client raw = S3.server().client();
        String uploadId = raw.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        raw.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(new byte[] {1, 2, 3}));
        return uploadId;
    }

    private List<MultipartUpload> uploads() {
        return S3.server().client().listMultipartUploads(r -> r.bucket(bucket).prefix(layout.prefix())).uploads();
    }

    private void abort(String key, String uploadId) {
        S3.server().client().abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    }

    /** Whether a thread waits in the store for cleanup to release the id it saves. */
    private static boolean waitsForCleanup(Thread thread) {
        return thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace()).anyMatch(
                frame -> frame.getClassName().endsWith(".InFlightCheckpoints") && frame.getMethodName().equals("enter"));
    }

    private static void runOnAnotherThread(Runnable action, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                action.run();
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        });
        thread.start();
        join(thread);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(60_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(thread + " did not finish");
        }
    }
}
