package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Flexible checksums on upload, on S3Mock: with {@code checksumAlgorithm} every PUT and every part
 * carries a checksum the server verifies, even from a client that computes none by itself
 * ({@code requestChecksumCalculation=WHEN_REQUIRED}), so a body corrupted on the way (a bit
 * flipped by {@link FaultyProxy}) is refused instead of stored.
 */
class S3UploadIntegrityTest {

    private static final int SMALL = 3000;
    private static final int LARGE = 12 * 1024 * 1024;
    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final RecordedRequests requests = new RecordedRequests();
    private final ObjectLayout layout = new ObjectLayout("integrity-" + TESTS.incrementAndGet() + "/");
    private FaultyProxy proxy;
    private S3Client client;

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("integrity");

    @BeforeEach
    void startProxy() {
        bucket = S3.bucket().name();
        proxy = new FaultyProxy(S3.server().endpoint());
        client = S3MockServer.clientBuilder(proxy.endpoint(), requests)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
    }

    @AfterEach
    void stopProxy() {
        client.close();
        proxy.close();
    }

    private S3CheckpointStore store(ChecksumAlgorithm algorithm) {
        return S3CheckpointStore.builder(client, bucket).prefix(layout.prefix()).checksumAlgorithm(algorithm)
                .multipartThreshold(6 * 1024 * 1024).partSize(5 * 1024 * 1024).maxAttempts(3)
                .retryDelays(Duration.ofMillis(1), Duration.ofMillis(10)).build();
    }

    @ParameterizedTest
    @EnumSource(names = { "CRC32_C", "SHA256" })
    void everyPutAndEveryPartCarriesTheChecksumTheServerVerified(ChecksumAlgorithm algorithm) {
        S3CheckpointStore store = store(algorithm);

        store.saveWithState(TestManifests.external(1, "w", SMALL - 100, 100), TestManifests.state("one", SMALL - 100, 100));
        store.saveWithState(TestManifests.external(2, "w", LARGE - 100, 100), TestManifests.state("two", LARGE - 100, 100));

        String header = "x-amz-checksum-" + algorithm.toString().toLowerCase(Locale.ROOT);
        assertThat(requests.of(Set.of("PutObject", "UploadPart"))).hasSizeGreaterThan(5).allSatisfy(r -> assertThat(
                r.has(header) || header.equalsIgnoreCase(r.header("x-amz-trailer"))).as(r.operation() + " " + r.headers())
                .isTrue());
        assertThat(requests.of(Set.of("CreateMultipartUpload"))).singleElement()
                .satisfies(r -> assertThat(r.header("x-amz-checksum-algorithm")).isEqualTo(algorithm.toString()));
        HeadObjectResponse sidecar = S3.server().client().headObject(r -> r.bucket(bucket).key(layout.stateKey(1))
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(algorithm == ChecksumAlgorithm.SHA256 ? sidecar.checksumSHA256() : sidecar.checksumCRC32C())
                .as("the checksum the server stored with the object").isNotBlank();
        assertThat(store.validateCheckpoint(1).valid()).isTrue();
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
    }

    @Test
    void aSidecarCorruptedInTransitIsRefusedAndTheSaveFails() {
        S3CheckpointStore store = store(ChecksumAlgorithm.CRC32_C);
        proxy.policy((n, line) -> line.startsWith("PUT ") && line.contains(layout.stateKey(1))
                ? FaultyProxy.Fault.CORRUPT_BODY : FaultyProxy.Fault.NONE);

        assertThatExceptionOfType(CheckpointBackendException.class)
                .isThrownBy(() -> store.saveWithState(TestManifests.external(1, "w", SMALL - 100, 100),
                        TestManifests.state("one", SMALL - 100, 100)))
                .withMessageContaining(layout.stateKey(1)).withMessageContaining("400");

        assertThat(proxy.injected()).isEqualTo(1);
        assertThat(store.loadById(1)).isEmpty();
        assertThatExceptionOfType(NoSuchKeyException.class)
                .isThrownBy(() -> S3.server().client().headObject(r -> r.bucket(bucket).key(layout.stateKey(1))));
    }

    @Test
    void aPartCorruptedInTransitIsRefusedAndTheUploadAborted() {
        S3CheckpointStore store = store(ChecksumAlgorithm.SHA256);
        proxy.policy((n, line) -> line.startsWith("PUT ") && line.contains("partNumber=2")
                ? FaultyProxy.Fault.CORRUPT_BODY : FaultyProxy.Fault.NONE);

        assertThatExceptionOfType(CheckpointBackendException.class)
                .isThrownBy(() -> store.saveWithState(TestManifests.external(2, "w", LARGE - 100, 100),
                        TestManifests.state("two", LARGE - 100, 100)))
                .withMessageContaining(layout.stateKey(2)).withMessageContaining("400");

        assertThat(proxy.injected()).isEqualTo(1);
        assertThat(store.loadById(2)).isEmpty();
        assertThat(S3.server().client().listMultipartUploads(r -> r.bucket(bucket).prefix(layout.prefix())).uploads())
                .isEmpty();
        assertThatExceptionOfType(NoSuchKeyException.class)
                .isThrownBy(() -> S3.server().client().headObject(r -> r.bucket(bucket).key(layout.stateKey(2))));
    }

    @Test
    void withoutAChecksumPartsKeepCrc32AndPutsFollowTheClient() {
        S3CheckpointStore store = S3CheckpointStore.builder(client, bucket).prefix(layout.prefix())
                .multipartThreshold(6 * 1024 * 1024).partSize(5 * 1024 * 1024).build();

        store.saveWithState(TestManifests.external(2, "w", LARGE - 100, 100), TestManifests.state("two", LARGE - 100, 100));

        assertThat(requests.of(Set.of("CreateMultipartUpload"))).singleElement()
                .satisfies(r -> assertThat(r.header("x-amz-checksum-algorithm")).isEqualTo("CRC32"));
        assertThat(requests.of(Set.of("PutObject"))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers().keySet()).noneMatch(name -> name.startsWith("x-amz-checksum-")));
    }

    @Test
    void refusesAChecksumS3CannotVerifyForItsParts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> S3CheckpointStore.builder(client, bucket).checksumAlgorithm(ChecksumAlgorithm.CRC64_NVME))
                .withMessageContaining("checksumAlgorithm must be one of [CRC32, CRC32C, SHA1, SHA256], was CRC64NVME");
    }
}
