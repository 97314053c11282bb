package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import ch.qos.logback.classic.Level;

import dev.checkpointstore.core.CapturedLog;
import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.objectstore.ConditionalWritesUnsupportedException;
import dev.checkpointstore.test.s3.DropHeader;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The conditional-write probe of {@link S3CheckpointStore.Builder#build()} against S3Mock, with
 * the misbehaving stores forced: one that ignores {@code If-Match} (an interceptor strips the
 * header), one that answers 501 to it or to {@code If-None-Match} (the loopback proxy), the escape
 * hatch {@code allowUnconditionalWrites}, and a probe object whose delete fails.
 */
class S3ConditionalWriteProbeTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private String bucket;

    private final String prefix = "probe-" + TESTS.incrementAndGet() + "/";
    private FaultyProxy proxy;

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("probe");

    @BeforeEach
    void startProxy() {
        bucket = S3.bucket().name();
        proxy = new FaultyProxy(S3.server().endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private S3CheckpointStore.Builder builder(S3Client client) {
        return S3CheckpointStore.builder(client, bucket).prefix(prefix)
                .retryDelays(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    private List<String> probeObjects() {
        return S3.server().client().listObjectsV2(r -> r.bucket(bucket).prefix(prefix + ".checkpoint-store-probe-"))
                .contents().stream().map(S3Object::key).toList();
    }

    private void rejectWith501(String header) {
        proxy.policy((n, line, head) -> line.startsWith("PUT") && FaultyProxy.HeadPolicy.hasHeader(head, header)
                ? FaultyProxy.Fault.REJECT_501 : FaultyProxy.Fault.NONE);
    }

    // ---- stores that honour both ----

    @Test
    void aStoreThatHonoursBothHeadersIsFencedAndKeepsNoProbeObject() {
        S3CheckpointStore store = builder(S3.server().client()).build();

        assertThat(store.conditionalWrites()).isTrue();
        assertThat(probeObjects()).isEmpty();
    }

    // ---- stores that do not ----

    @Test
    void aStoreThatIgnoresIfMatchIsRefusedNamingTheHeaderAndTheWayOut() {
        try (S3Client ignoring = S3.server().client(new DropHeader("If-Match"))) {
            assertThatExceptionOfType(ConditionalWritesUnsupportedException.class)
                    .isThrownBy(() -> builder(ignoring).build())
                    .withMessageContaining("bucket '" + bucket + "'")
                    .withMessageContaining("If-Match is ignored: a write to s3://" + bucket + "/" + prefix
                            + ".checkpoint-store-probe-")
                    .withMessageContaining("with a stale ETag was not refused")
                    .withMessageContaining("move the latest pointer back")
                    .withMessageContaining("allowUnconditionalWrites(true)")
                    .withMessageNotContaining("If-None-Match: * is")
                    .satisfies(ex -> assertThat(ex.headers()).containsExactly("If-Match"));
        }
        assertThat(probeObjects()).isEmpty();
    }

    @Test
    void aStoreThatRejectsIfMatchWith501IsRefusedNamingTheHeaderAndTheWayOut() {
        rejectWith501("If-Match");

        assertThatExceptionOfType(ConditionalWritesUnsupportedException.class)
                .isThrownBy(() -> builder(proxy.client()).build())
                .withMessageContaining("If-Match is rejected (HTTP 501 NotImplemented")
                .withMessageContaining("every save after the first would fail to move the latest pointer")
                .withMessageContaining("allowUnconditionalWrites(true)")
                .satisfies(ex -> assertThat(ex.headers()).containsExactly("If-Match"));
        assertThat(proxy.injected()).isEqualTo(1);
        assertThat(probeObjects()).isEmpty();
    }

    @Test
    void aStoreThatRejectsIfNoneMatchWith501IsRefusedNamingThatHeader() {
        rejectWith501("If-None-Match");

        assertThatExceptionOfType(ConditionalWritesUnsupportedException.class)
                .isThrownBy(() -> builder(proxy.client()).build())
                .withMessageContaining("If-None-Match: * is rejected (HTTP 501 NotImplemented")
                .withMessageNotContaining("If-Match is")
                .withMessageContaining("allowUnconditionalWrites(true)")
                .satisfies(ex -> assertThat(ex.headers()).containsExactly("If-None-Match"));
        assertThat(probeObjects()).isEmpty();
    }

    @Test
    void aStoreThatIgnoresBothIsRefusedNamingBoth() {
        try (S3Client ignoring = S3.server().client(new DropHeader("If-None-Match"), new DropHeader("If-Match"))) {
            assertThatExceptionOfType(ConditionalWritesUnsupportedException.class)
                    .isThrownBy(() -> builder(ignoring).build())
                    .withMessageContaining("If-None-Match: * is ignored: a second create of")
                    .withMessageContaining("If-Match is ignored")
                    .satisfies(ex -> assertThat(ex.headers()).containsExactly("If-None-Match", "If-Match"));
        }
    }

    // ---- the escape hatch ----

    @Test
    void allowUnconditionalWritesBuildsOnAStoreThatIgnoresIfMatchAndWarnsThatFencingIsOff() {
        try (S3Client ignoring = S3.server().client(new DropHeader("If-Match"));
                CapturedLog log = CapturedLog.of(S3CheckpointStore.class)) {
            S3CheckpointStore store = builder(ignoring).allowUnconditionalWrites(true).build();

            assertThat(store.conditionalWrites()).isFalse();
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Fencing is off for the S3 checkpoint store s3://" + bucket + "/" + prefix)
                    .contains("If-Match is ignored")
                    .contains("the latest pointer is moved by a read and a plain write")
                    .doesNotContain("manifests and sidecars are written after a read");

            store.save(TestManifests.inline(1, "w"));
            store.save(TestManifests.inline(2, "w"));
            assertThat(store.latestId()).hasValue(2);
            assertThatExceptionOfType(CheckpointConflictException.class)
                    .as("manifests are still created only if absent")
                    .isThrownBy(() -> store.save(TestManifests.inline(2, "other")));
        }
    }

    @Test
    void allowUnconditionalWritesKeepsSavingOnAStoreThatRejectsIfMatch() {
        rejectWith501("If-Match");
        try (CapturedLog log = CapturedLog.of(S3CheckpointStore.class)) {
            S3CheckpointStore store = builder(proxy.client()).allowUnconditionalWrites(true).build();

            for (long id = 1; id <= 3; id++) {
                store.save(TestManifests.inline(id, "w"));
            }

            assertThat(store.latestId()).hasValue(3);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("Fencing is off")
                    .contains("If-Match is rejected");
        }
    }

    // ---- a probe object whose delete failed ----

    @Test
    void aProbeObjectWhoseDeleteIsDeniedIsReportedByKeyAndTheBuildSucceeds() {
        proxy.policy((n, line) -> line.startsWith("POST") && line.contains("?delete")
                ? FaultyProxy.Fault.DENY_403 : FaultyProxy.Fault.NONE);
        try (CapturedLog log = CapturedLog.of(ConditionalWriteProbe.class)) {
            S3CheckpointStore store = builder(proxy.client()).build();

            List<String> left = probeObjects();
            assertThat(left).hasSize(1);
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Cannot delete the conditional write probe object s3://" + bucket + "/" + left.get(0))
                    .contains("access denied")
                    .contains("deletes it, or delete it by hand");
            store.save(TestManifests.inline(1, "w"));
            assertThat(store.latestId()).hasValue(1);
        }
    }

    @Test
    void aProbeObjectWhoseDeleteReportsAnErrorEntryIsReportedByKey() {
        try (S3Client failing = S3.server().client(new FailingProbeDelete());
                CapturedLog log = CapturedLog.of(ConditionalWriteProbe.class)) {
            builder(failing).build();

            List<String> left = probeObjects();
            assertThat(left).hasSize(1);
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("s3://" + bucket + "/" + left.get(0)).contains("AccessDenied");
        }
    }

    @Test
    void aLaterBuildDeletesAProbeObjectLeftOverAnHourAgo() {
        try (S3Client failing = S3.server().client(new FailingProbeDelete())) {
            builder(failing).build();
        }
        List<String> left = probeObjects();
        assertThat(left).hasSize(1);

        try (CapturedLog log = CapturedLog.of(ConditionalWriteProbe.class)) {
            builder(S3.server().client()).clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(61))).build();

            assertThat(probeObjects()).isEmpty();
            assertThat(log.messages(Level.INFO)).containsExactly(
                    "Deleted the leftover conditional write probe object s3://" + bucket + "/" + left.get(0));
        }
    }

    @Test
    void aYoungLeftoverIsSparedForItMayBeAnotherInstancesProbeInProgress() {
        try (S3Client failing = S3.server().client(new FailingProbeDelete())) {
            builder(failing).build();
        }
        List<String> left = probeObjects();

        builder(S3.server().client()).clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(59))).build();

        assertThat(probeObjects()).isEqualTo(left).hasSize(1);
    }


    /**
     * Fails the delete of probe objects as S3 does when one key of a DeleteObjects batch cannot be
     * deleted: the key stays, and the response carries an error entry for it.
     */
    private static final class FailingProbeDelete implements ExecutionInterceptor {

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof DeleteObjectsRequest delete && isProbe(delete)) {
                return delete.toBuilder().delete(d -> d.quiet(true).objects(ObjectIdentifier.builder()
                        .key(delete.delete().objects().get(0).key() + ".not-there").build())).build();
            }
            return context.request();
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.request() instanceof DeleteObjectsRequest delete && isProbe(delete)
                    && context.response() instanceof DeleteObjectsResponse response) {
                String key = delete.delete().objects().get(0).key().replace(".not-there", "");
                return response.toBuilder().errors(S3Error.builder().key(key).code("AccessDenied")
                        .message("Access Denied").build()).build();
            }
            return context.response();
        }

        private static boolean isProbe(DeleteObjectsRequest delete) {
            return delete.delete().objects().stream().anyMatch(o -> o.key().contains(".checkpoint-store-probe-"));
        }
    }
}
