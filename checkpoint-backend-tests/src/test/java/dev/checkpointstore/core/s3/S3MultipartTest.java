package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.ByteBuffer;
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
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sidecars above the multipart threshold (small thresholds here: 12 MiB in 5 MiB parts): the
 * upload streams part by part, retries parts, is aborted when it fails so that no parts stay
 * behind, and is fenced against other writers like a single PUT.
 */
class S3MultipartTest {

    private static final int SIZE = 12 * 1024 * 1024;
    private static final long PART = 5 * 1024 * 1024;
    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final RequestCounter requests = new RequestCounter();
    private final ObjectLayout layout = new ObjectLayout("multipart-" + TESTS.incrementAndGet() + "/");
    private FaultyProxy proxy;
    private S3Client client;

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("multipart");

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

    private S3CheckpointStore store() {
        return S3CheckpointStore.builder(client, bucket).prefix(layout.prefix()).multipartThreshold(6 * 1024 * 1024)
                .partSize(PART).maxAttempts(3).retryDelays(Duration.ofMillis(1), Duration.ofMillis(10)).build();
    }

    private static CheckpointManifest manifest(long id, String writer) {
        return CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(TestManifests.BASE_TIME).vnodeCount(256)
                .putOperatorState("big", OperatorCheckpoint.external(0, SIZE - 10))
                .putOperatorState(writer, OperatorCheckpoint.external(SIZE - 10, 10))
                .build();
    }

    /** Twelve 1 MiB chunks, as views that part boundaries cut through. */
    private static List<ByteBuffer> state(String seed) {
        byte[] data = TestManifests.bytes(seed, SIZE);
        return java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> ByteBuffer.wrap(data, i * 1024 * 1024, 1024 * 1024)).toList();
    }

    @Test
    void largeStateIsUploadedInPartsAndValidates() {
        S3CheckpointStore store = store();
        requests.reset();

        store.saveWithState(manifest(1, "w"), state("one"));

        assertThat(requests.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("CreateMultipartUpload", 1,
                "UploadPart", 3, "CompleteMultipartUpload", 1, "PutObject", 2, "GetObject", 1, "HeadObject", 1));
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
        assertThat(store.loadStateData(1)).hasValue(TestManifests.bytes("one", SIZE));
        assertThat(store.loadOperatorState(1, "w")).hasValue(java.util.Arrays.copyOfRange(TestManifests.bytes("one", SIZE),
                SIZE - 10, SIZE));
    }

    @Test
    void transientPartFailuresAreRetried() {
        S3CheckpointStore store = store();
        AtomicInteger parts = new AtomicInteger();
        proxy.policy((n, line) -> line.contains("partNumber=") && parts.incrementAndGet() % 2 == 1
                ? FaultyProxy.Fault.DROP_RESPONSE : FaultyProxy.Fault.NONE);

        store.saveWithState(manifest(2, "w"), state("two"));

        assertThat(proxy.injected()).isGreaterThanOrEqualTo(3);
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
        assertThat(S3.server().client().listMultipartUploads(r -> r.bucket(bucket).prefix(layout.prefix())).uploads()).isEmpty();
    }

    @Test
    void aFailedUploadIsAbortedAndLeavesNoParts() {
        // one part at a time, so that the parts sent are exactly those before the failing one
        // (S3ParallelTransferTest fails a part while others are in flight)
        S3CheckpointStore store = S3CheckpointStore.builder(client, bucket).prefix(layout.prefix())
                .multipartThreshold(6 * 1024 * 1024).partSize(PART).transferConcurrency(1).maxAttempts(3)
                .retryDelays(Duration.ofMillis(1), Duration.ofMillis(10)).build();
        proxy.policy((n, line) -> line.contains("partNumber=2") ? FaultyProxy.Fault.REJECT_503 : FaultyProxy.Fault.NONE);
        requests.reset();

        assertThatExceptionOfType(CheckpointBackendException.class)
                .isThrownBy(() -> store.saveWithState(manifest(3, "w"), state("three")))
                .withMessageContaining(layout.stateKey(3)).withMessageContaining("503");

        assertThat(requests.count("UploadPart")).isEqualTo(1 + 3);
        assertThat(requests.count("AbortMultipartUpload")).isEqualTo(1);
        assertThat(S3.server().client().listMultipartUploads(r -> r.bucket(bucket).prefix(layout.prefix())).uploads()).isEmpty();
        S3CheckpointStore clean = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(layout.prefix()).build();
        assertThat(clean.openStateData(3)).isEmpty();
        assertThat(clean.listIds()).isEmpty();
        assertThat(clean.latestId()).isEmpty();
    }

    @Test
    void aLosingWriterCannotReplaceTheWinnersLargeState() {
        S3CheckpointStore winner = store();
        winner.saveWithState(manifest(4, "winner"), state("winner"));
        S3CheckpointStore loser = S3CheckpointStore.builder(S3.server().client(), bucket).prefix(layout.prefix())
                .multipartThreshold(6 * 1024 * 1024).partSize(PART).build();

        assertThatExceptionOfType(CheckpointConflictException.class)
                .isThrownBy(() -> loser.saveWithState(manifest(4, "loser"), state("loser")))
                .withMessageContaining("checkpoint 4");

        assertThat(winner.validateCheckpoint(4).issues()).isEmpty();
        assertThat(winner.loadOperatorState(4, "winner")).isPresent();
        assertThat(S3.server().client().listMultipartUploads(r -> r.bucket(bucket).prefix(layout.prefix())).uploads()).isEmpty();
    }

    @Test
    void saveStateDataOverwritesLargeState() {
        S3CheckpointStore store = store();
        store.saveWithState(manifest(5, "w"), state("first"));

        store.saveStateData(5, state("second"));

        assertThat(store.loadStateData(5)).hasValue(TestManifests.bytes("second", SIZE));
        assertThat(store.validateCheckpoint(5).valid()).isFalse();
    }
}
