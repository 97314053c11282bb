package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

/**
 * Server-side encryption on S3Mock: SSE-S3 and SSE-KMS headers on every write, SSE-C's key on
 * every write, every part and every read (whole, ranged and resumed GETs, HEADs), and reads that
 * work. S3Mock stores the headers without encrypting and does not insist on the SSE-C key for
 * reads ({@link S3MockServer}), so an interceptor checks every request the store sends.
 */
class S3EncryptionTest {

    private static final int SMALL = 3000;
    private static final int LARGE = 12 * 1024 * 1024;
    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final RecordedRequests requests = new RecordedRequests();
    private final ObjectLayout layout = new ObjectLayout("sse-" + TESTS.incrementAndGet() + "/");
    private FaultyProxy proxy;

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("sse");

    @BeforeEach
    void startProxy() {
        bucket = S3.bucket().name();
        proxy = new FaultyProxy(S3.server().endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private S3CheckpointStore store(S3Encryption encryption) {
        return S3CheckpointStore.builder(proxy.client(requests), bucket).prefix(layout.prefix())
                .serverSideEncryption(encryption).multipartThreshold(6 * 1024 * 1024).partSize(5 * 1024 * 1024)
                .maxAttempts(3).retryDelays(Duration.ofMillis(1), Duration.ofMillis(10)).build();
    }

    /** Saves a small and a multipart checkpoint, updates a manifest, overwrites a sidecar, and reads it all back. */
    private void writeAndReadEverything(S3CheckpointStore store) {
        store.saveWithState(TestManifests.external(1, "w", SMALL - 100, 100), TestManifests.state("one", SMALL - 100, 100));
        store.saveWithState(TestManifests.external(2, "w", LARGE - 100, 100), TestManifests.state("two", LARGE - 100, 100));
        store.updateManifest(TestManifests.external(1, "w", SMALL - 100, 100).toBuilder().epoch(11).build());
        store.saveStateData(3, TestManifests.state("three", 10, 10));

        assertThat(store.loadById(1)).hasValueSatisfying(m -> assertThat(m.epoch()).isEqualTo(11));
        assertThat(store.loadStateData(1)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(concat("one", SMALL)));
        assertThat(store.loadOperatorState(2, "join")).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(TestManifests.bytes("two/b", 100)));
        assertThat(store.stateIdentity(2)).hasValueSatisfying(identity -> assertThat(identity.size()).isEqualTo(LARGE));
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
        assertThat(store.recoverLatestValidated().chosenId()).hasValue(2);
    }

    @Test
    void sseS3IsOnEveryWrite() {
        S3CheckpointStore store = store(S3Encryption.s3Managed());

        writeAndReadEverything(store);

        assertThat(requests.of(Set.of("PutObject", "CreateMultipartUpload"))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("x-amz-server-side-encryption")).as(r.toString()).isEqualTo("AES256"));
        assertThat(requests.all()).noneSatisfy(r -> assertThat(r.has("x-amz-server-side-encryption-customer-key")).isTrue());
        assertThat(S3.server().client().headObject(r -> r.bucket(bucket).key(layout.stateKey(1))).serverSideEncryptionAsString())
                .isEqualTo("AES256");
    }

    @Test
    void sseKmsWithItsKeyAndEncryptionContextIsOnEveryWrite() {
        S3CheckpointStore store = store(S3Encryption.kms(S3MockServer.KMS_KEY_ID,
                Map.of("service", "checkpoints", "env", "test \"quoted\"")));

        writeAndReadEverything(store);

        String context = Base64.getEncoder().encodeToString(
                "{\"env\":\"test \\\"quoted\\\"\",\"service\":\"checkpoints\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(requests.of(Set.of("PutObject", "CreateMultipartUpload"))).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("x-amz-server-side-encryption")).as(r.toString()).isEqualTo("aws:kms");
            assertThat(r.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(S3MockServer.KMS_KEY_ID);
            assertThat(r.header("x-amz-server-side-encryption-context")).isEqualTo(context);
        });
        assertThat(S3.server().client().headObject(r -> r.bucket(bucket).key(layout.manifestKey(2))).ssekmsKeyId())
                .isEqualTo(S3MockServer.KMS_KEY_ID);
    }

    @Test
    void sseKmsWithoutAKeyIdUsesTheAwsManagedKey() {
        S3CheckpointStore store = store(S3Encryption.kms(null));

        store.save(TestManifests.inline(1, "w"));

        assertThat(requests.of(Set.of("PutObject"))).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
            assertThat(r.has("x-amz-server-side-encryption-aws-kms-key-id")).isFalse();
            assertThat(r.has("x-amz-server-side-encryption-context")).isFalse();
        });
    }

    @Test
    void anUnknownKmsKeyFailsTheBuildSayingSo() {
        assertThatExceptionOfType(CheckpointBackendException.class)
                .isThrownBy(() -> store(S3Encryption.kms("no-such-key")))
                .withMessageContaining("KMS.NotFoundException").withMessageContaining("no-such-key");
    }

    @Test
    void sseCustomerKeyIsOnEveryWriteEveryPartAndEveryReadRangedAndResumedOnesIncluded() throws IOException {
        byte[] key = TestManifests.bytes("customer key", 32);
        S3CheckpointStore store = store(S3Encryption.customerKey(key));
        writeAndReadEverything(store);
        AtomicBoolean cut = new AtomicBoolean();
        proxy.policy((n, line) -> line.startsWith("GET ") && line.contains(layout.stateKey(2))
                && cut.compareAndSet(false, true) ? FaultyProxy.Fault.CUT_BODY : FaultyProxy.Fault.NONE);

        try (InputStream in = store.openStateData(2).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(concat("two", LARGE));
        }

        String base64Key = Base64.getEncoder().encodeToString(key);
        String md5 = Base64.getEncoder().encodeToString(md5(key));
        List<RecordedRequests.Request> keyed = requests.of(union(RecordedRequests.WRITES, RecordedRequests.READS));
        assertThat(keyed).allSatisfy(r -> {
            assertThat(r.header("x-amz-server-side-encryption-customer-algorithm")).as(r.toString()).isEqualTo("AES256");
            assertThat(r.header("x-amz-server-side-encryption-customer-key")).as(r.operation()).isEqualTo(base64Key);
            assertThat(r.header("x-amz-server-side-encryption-customer-key-md5")).as(r.operation()).isEqualTo(md5);
            assertThat(r.has("x-amz-server-side-encryption")).isFalse();
        });
        assertThat(new TreeSet<>(keyed.stream().map(RecordedRequests.Request::operation).toList()))
                .containsExactlyInAnyOrderElementsOf(union(RecordedRequests.WRITES, RecordedRequests.READS));
        assertThat(keyed).filteredOn(r -> r.operation().equals("GetObject") && r.has("range") && !r.has("if-match"))
                .as("ranged GET of an operator's slice").isNotEmpty();
        assertThat(keyed).filteredOn(r -> r.operation().equals("GetObject") && r.has("range") && r.has("if-match"))
                .as("the pinned GETs of the second and third parts of the 12 MiB sidecar, in parallel: by the"
                        + " validation, the recovery and the cut read, and the GET that resumed the cut read")
                .hasSizeGreaterThanOrEqualTo(7);
        assertThat(keyed).filteredOn(r -> r.operation().equals("GetObject") && r.has("range") && r.has("if-match"))
                .as("the GET that resumed the cut read").isNotEmpty();
        assertThat(cut).isTrue();
    }

    @Test
    void aCustomerKeyMustBe256Bits() {
        assertThatIllegalArgumentException().isThrownBy(() -> S3Encryption.customerKey(new byte[16]))
                .withMessage("the SSE-C customer key must be 256 bits (32 bytes), was 16 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> S3Encryption.customerKey("not base64!"))
                .withMessage("the SSE-C customer key must be base64 (of 32 bytes), and is not");
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(S3Encryption.customerKey(base64)).isEqualTo(S3Encryption.customerKey(new byte[32]));
    }

    @Test
    void aCustomerKeyNeverShowsInText() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x41);
        String base64 = Base64.getEncoder().encodeToString(key);

        assertThat(S3Encryption.customerKey(key).toString()).doesNotContain(base64).doesNotContain("AAAA");
    }

    @Test
    void aKmsKeyIdMustNotBeBlankAndTheContextNeedsKeys() {
        assertThatIllegalArgumentException().isThrownBy(() -> S3Encryption.kms(" "))
                .withMessageContaining("KMS key id must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> S3Encryption.kms("k", Map.of("", "v")))
                .withMessageContaining("encryption context");
    }

    private static byte[] concat(String seed, int length) {
        byte[] a = TestManifests.bytes(seed + "/a", length - 100);
        byte[] b = TestManifests.bytes(seed + "/b", 100);
        ByteBuffer all = ByteBuffer.allocate(length).put(a).put(b);
        return all.array();
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
