package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sidecar transfers in parallel parts (5 MiB parts of a sidecar of four parts here): the parts of
 * an upload and the ranged GETs of a read are in flight together, the checksum still covers the
 * bytes in order, a failing part aborts the upload only after the parts in flight have ended, a
 * read hands the bytes out in order, resumes a part whose connection dropped, and fails rather
 * than splice two versions of a replaced object.
 */
class S3ParallelTransferTest {

    private static final int PART = 5 * 1024 * 1024;
    private static final int SIZE = 3 * PART + 1234;
    private static final int PARTS = 4;
    private static final long GUARD_SECONDS = 20;
    private static final AtomicInteger TESTS = new AtomicInteger();

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("parallel");

    private final S3MockServer server = S3.server();
    private String bucket;

    private final RequestCounter requests = new RequestCounter();
    private final ObjectLayout layout = new ObjectLayout("parallel-" + TESTS.incrementAndGet() + "/");
    private FaultyProxy proxy;

    @BeforeEach
    void useTheTestsBucket() {
        bucket = S3.bucket().name();
    }

    @BeforeEach
    void startProxy() {
        proxy = new FaultyProxy(server.endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private S3CheckpointStore store(S3Client client, int concurrency) {
        return S3CheckpointStore.builder(client, bucket).prefix(layout.prefix()).multipartThreshold(6 * 1024 * 1024)
                .partSize(PART).transferConcurrency(concurrency).maxAttempts(3)
                .retryDelays(Duration.ofMillis(1), Duration.ofMillis(10)).build();
    }

    private static CheckpointManifest manifest(long id) {
        return CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(TestManifests.BASE_TIME).vnodeCount(256)
                .putOperatorState("big", OperatorCheckpoint.external(0, SIZE - 10))
                .putOperatorState("tail", OperatorCheckpoint.external(SIZE - 10, 10))
                .build();
    }

    /** The bytes as 1 MiB views (and a short last one) that part boundaries cut through. */
    private static List<ByteBuffer> chunks(byte[] data) {
        int mib = 1024 * 1024;
        return IntStream.range(0, (data.length + mib - 1) / mib)
                .mapToObj(i -> ByteBuffer.wrap(data, i * mib, Math.min(mib, data.length - i * mib))).toList();
    }

    private static ExecutionInterceptor onlyOf(String operation, ExecutionInterceptor interceptor) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    interceptor.beforeTransmission(context, attributes);
                }
            }
        };
    }

    private static int partNumber(SdkHttpRequest request) {
        return request.firstMatchingRawQueryParameter("partNumber").map(Integer::parseInt).orElse(0);
    }

    private static boolean rangeFrom(SdkHttpRequest request, long from) {
        return request.firstMatchingHeader("Range").map(r -> r.startsWith("bytes=" + from + "-")).orElse(false);
    }

    private static long rangeStart(String range) {
        return Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void theUploadSendsItsPartsTogetherAndTheChecksumCoversTheBytesInOrder() throws Exception {
        InFlightTogether together = new InFlightTogether("UploadPart", r -> true, PARTS);
        S3CheckpointStore store = store(server.clientBuilder(together, requests).build(), PARTS);
        byte[] data = TestManifests.bytes("upload", SIZE);
        requests.reset();

        store.saveWithState(manifest(1), chunks(data));

        assertThat(together.gathered()).as("all four parts in flight at once").isTrue();
        assertThat(requests.count("UploadPart")).isEqualTo(PARTS);
        assertThat(requests.count("CompleteMultipartUpload")).isEqualTo(1);
        assertThat(store.loadById(1).orElseThrow().stateChecksum()).hasValue(sha256(data));
        assertThat(store.loadStateData(1)).hasValue(data);
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
    }

    @Test
    void aPartFailingWhileOthersAreInFlightAbortsTheUploadOnlyAfterTheyEnded() {
        CountDownLatch thirdArrived = new CountDownLatch(1);
        CountDownLatch thirdReleased = new CountDownLatch(1);
        AtomicBoolean thirdHeld = new AtomicBoolean();
        AtomicBoolean thirdEnded = new AtomicBoolean();
        AtomicBoolean abortedWhileThirdInFlight = new AtomicBoolean();
        AtomicInteger aborts = new AtomicInteger();
        ExecutionInterceptor parts = onlyOf("UploadPart", new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                int part = partNumber(context.httpRequest());
                if (part == 3) {
                    thirdHeld.set(true);
                    thirdArrived.countDown();
                    try {
                        thirdReleased.await(GUARD_SECONDS, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("part 3 interrupted before it was sent", ex);
                    }
                    finally {
                        thirdEnded.set(true);
                    }
                }
                if (part == 2) {
                    try {
                        thirdArrived.await(GUARD_SECONDS, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("part 2 refused by the test");
                }
            }
        });
        ExecutionInterceptor abort = onlyOf("AbortMultipartUpload", new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                aborts.incrementAndGet();
                if (thirdHeld.get() && !thirdEnded.get()) {
                    abortedWhileThirdInFlight.set(true);
                }
                thirdReleased.countDown();
            }
        });
        S3CheckpointStore store = store(server.clientBuilder(parts, abort).build(), PARTS);

        assertThatExceptionOfType(CheckpointBackendException.class)
                .isThrownBy(() -> store.saveWithState(manifest(2), chunks(TestManifests.bytes("failing", SIZE))))
                .withMessageContaining(layout.stateKey(2)).withMessageContaining("part 2 refused by the test");

        assertThat(thirdHeld).as("part 3 was in flight when part 2 failed").isTrue();
        assertThat(abortedWhileThirdInFlight).as("the abort waited for part 3 to end").isFalse();
        assertThat(aborts).hasValue(1);
        assertThat(server.client().listMultipartUploads(r -> r.bucket(bucket).prefix(layout.prefix())).uploads()).isEmpty();
        assertThat(store.openStateData(2)).isEmpty();
        assertThat(store.listIds()).isEmpty();
    }

    @Test
    void anInterruptedSaveStillAbortsItsUpload() {
        Thread caller = Thread.currentThread();
        AtomicBoolean interrupted = new AtomicBoolean();
        ExecutionInterceptor interruptTheCaller = onlyOf("UploadPart", new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (partNumber(context.httpRequest()) == 2 && interrupted.compareAndSet(false, true)) {
                    caller.interrupt();
                }
            }
        });
        S3CheckpointStore store = store(server.clientBuilder(interruptTheCaller).build(), PARTS);

        try {
            assertThatExceptionOfType(CheckpointBackendException.class)
                    .isThrownBy(() -> store.saveWithState(manifest(7), chunks(TestManifests.bytes("interrupted", SIZE))))
                    .withMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        }
        finally {
            Thread.interrupted();
        }

        assertThat(interrupted).isTrue();
        assertThat(server.client().listMultipartUploads(r -> r.bucket(bucket).prefix(layout.prefix())).uploads())
                .as("the upload was aborted").isEmpty();
        assertThat(store.listIds()).isEmpty();
    }

    @Test
    void aReadFetchesItsRangesTogetherAndHandsTheBytesOutInOrder() throws Exception {
        byte[] data = TestManifests.bytes("read", SIZE);
        store(server.client(), 1).saveWithState(manifest(3), chunks(data));
        InFlightTogether together = new InFlightTogether("GetObject", r -> r.firstMatchingHeader("If-Match").isPresent(),
                PARTS - 1);
        S3CheckpointStore store = store(server.clientBuilder(together, requests).build(), PARTS);
        requests.reset();

        try (InputStream in = store.openStateData(3).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        assertThat(together.gathered()).as("the three ranges after the first in flight at once").isTrue();
        assertThat(requests.count("GetObject")).isEqualTo(PARTS);
        assertThat(store.loadStateData(3)).hasValue(data);
        assertThat(store.loadOperatorState(3, "big")).hasValueSatisfying(
                big -> assertThat(big).isEqualTo(Arrays.copyOf(data, SIZE - 10)));
        assertThat(store.validateCheckpoint(3).valid()).isTrue();
        assertThat(requests.count("GetObject")).as("4 + 4 + (1 + 4) + (1 + 4) GETs").isEqualTo(PARTS * 4 + 2);
    }

    @Test
    void aDroppedConnectionInOnePartResumesThatPart() throws Exception {
        byte[] data = TestManifests.bytes("resume", SIZE);
        store(server.client(), 1).saveWithState(manifest(4), chunks(data));
        RecordedRequests recorded = new RecordedRequests();
        S3CheckpointStore store = store(proxy.client(recorded), PARTS);
        AtomicBoolean cut = new AtomicBoolean();
        proxy.policy((n, line, head) -> line.startsWith("GET ") && head.toLowerCase(Locale.ROOT)
                .contains("\r\nrange: bytes=" + 2 * PART + "-") && cut.compareAndSet(false, true)
                        ? FaultyProxy.Fault.CUT_BODY : FaultyProxy.Fault.NONE);

        try (InputStream in = store.openStateData(4).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        assertThat(cut).isTrue();
        assertThat(recorded.of(Set.of("GetObject"))).filteredOn(r -> r.has("if-match")
                && rangeStart(r.header("range")) > 2L * PART && rangeStart(r.header("range")) < 3L * PART)
                .as("the GET that resumed part 3 where its body was cut").hasSize(1);
        assertThat(recorded.of(Set.of("GetObject"))).as("4 parts and one resumption").hasSize(PARTS + 1);
    }

    @Test
    void anObjectReplacedDuringAReadFailsItRatherThanSplicingTwoVersions() throws Exception {
        byte[] data = TestManifests.bytes("original", SIZE);
        store(server.client(), 1).saveWithState(manifest(5), chunks(data));
        OnRequest replaceOnce = replaceAtThirdPart(layout.stateKey(5), "replacement");
        S3CheckpointStore store = store(server.clientBuilder(replaceOnce).build(), PARTS);

        try (InputStream in = store.openStateData(5).orElseThrow()) {
            assertThatIOException().isThrownBy(in::readAllBytes).withMessageContaining(layout.stateKey(5));
        }

        assertThat(replaceOnce.fired()).isTrue();
        OnRequest replaceAgain = replaceAtThirdPart(layout.stateKey(5), "another");
        S3CheckpointStore arrays = store(server.clientBuilder(replaceAgain).build(), PARTS);
        assertThatExceptionOfType(CheckpointStoreException.class).isThrownBy(() -> arrays.loadStateData(5))
                .withMessageContaining(layout.stateKey(5));
        assertThat(replaceAgain.fired()).isTrue();
    }

    /** Replaces the object, same length, other bytes, just before the GET of its third part goes out. */
    private OnRequest replaceAtThirdPart(String key, String seed) {
        return new OnRequest("GetObject", r -> rangeFrom(r, 2L * PART), OnRequest.Point.BEFORE_SENDING,
                () -> server.client().putObject(p -> p.bucket(bucket).key(key),
                        RequestBody.fromBytes(TestManifests.bytes(seed, SIZE))));
    }

    @Test
    void theRequestListenerHearsEveryPartFromEveryThread() {
        AtomicInteger heard = new AtomicInteger();
        S3CheckpointStore store = S3CheckpointStore.builder(server.clientBuilder(requests).build(), bucket)
                .prefix(layout.prefix()).multipartThreshold(6 * 1024 * 1024).partSize(PART).transferConcurrency(PARTS)
                .addRequestListener(operation -> heard.incrementAndGet()).build();
        byte[] data = TestManifests.bytes("listened", SIZE);
        requests.reset();
        heard.set(0);

        store.saveWithState(manifest(6), chunks(data));
        assertThat(store.loadStateData(6)).hasValue(data);

        assertThat(requests.count("UploadPart")).isEqualTo(PARTS);
        assertThat(requests.count("GetObject")).isGreaterThanOrEqualTo(PARTS);
        assertThat(heard).hasValue(requests.total());
    }
}
