package dev.checkpointstore.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.test.s3.DropHeader;
import dev.checkpointstore.test.s3.S3Bucket;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({ OutputCaptureExtension.class, S3MockExtension.class })
class S3CheckpointStoreAutoConfigurationTests {

    private S3MockServer s3;

    private String bucket;

    private ApplicationContextRunner contextRunner;

    @BeforeEach
    void contextRunnerOnTheTestsBucket(S3Bucket testBucket) {
        s3 = testBucket.server();
        bucket = testBucket.name();
        contextRunner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
                        CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
                        S3AutoConfiguration.class, S3CheckpointStoreAutoConfiguration.class))
                .withPropertyValues("checkpoint.backend=s3", "checkpoint.s3.bucket=" + bucket)
                .withPropertyValues(s3.springCloudAwsProperties().toArray(String[]::new));
    }

    @Test
    void createsAnS3StoreOnTheSpringCloudAwsClient() {
        contextRunner.withPropertyValues("checkpoint.s3.prefix=nodes/a/", "checkpoint.vnode-count=128").run(context -> {
            assertThat(context).hasSingleBean(S3Client.class);
            S3CheckpointStore store = context.getBean(S3CheckpointStore.class);
            assertThat(store.bucket()).isEqualTo(bucket);
            assertThat(store.prefix()).isEqualTo("nodes/a/");
            assertThat(store.vnodeCount()).isEqualTo(128);
            assertThat(store.location()).isEqualTo("s3://" + bucket + "/nodes/a/");
            assertThat(store.describe().backend()).isEqualTo("s3");
            assertThat(store.listIds()).isEmpty();
        });
    }

    @Test
    void usesTheApplicationsOwnS3ClientWithoutSpringCloudAws() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(S3CheckpointStoreAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.awspring.cloud"))
                .withBean(S3Client.class, () -> s3.clientBuilder().build())
                .withPropertyValues("checkpoint.backend=s3", "checkpoint.s3.bucket=" + bucket)
                .run(context -> assertThat(context).hasSingleBean(S3CheckpointStore.class));
    }

    @Test
    void appliesBuilderCustomizers() {
        contextRunner.withBean(S3CheckpointStoreBuilderCustomizer.class, () -> builder -> builder.vnodeCount(3))
                .run(context -> assertThat(context.getBean(CheckpointStore.class).vnodeCount()).isEqualTo(3));
    }

    @Test
    void backsOffWhenUserDefinesStore() {
        InMemoryCheckpointStore own = InMemoryCheckpointStore.builder().build();
        contextRunner.withBean(CheckpointStore.class, () -> own)
                .run(context -> assertThat(context).getBean(CheckpointStore.class).isSameAs(own));
    }

    @Test
    void failsWithClearMessageWithoutSpringCloudAws() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(S3CheckpointStoreAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.awspring.cloud"))
                .withPropertyValues("checkpoint.backend=s3", "checkpoint.s3.bucket=" + bucket)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.backend'", "'s3'",
                            "needs an S3Client bean");
                    assertThat(analysis.getAction()).contains("io.awspring.cloud:spring-cloud-aws-starter-s3",
                            "spring.cloud.aws.s3.endpoint");
                });
    }

    @Test
    void failsWithClearMessageWithoutTheAwsSdk() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(S3CheckpointStoreAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.awspring.cloud", "software.amazon.awssdk.services.s3"))
                .withPropertyValues("checkpoint.backend=s3", "checkpoint.s3.bucket=" + bucket)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.backend'", "not on the classpath");
                    assertThat(analysis.getAction()).contains("io.awspring.cloud:spring-cloud-aws-starter-s3");
                });
    }

    @Test
    void failsWithClearMessageWhenOrphanMinAgeIsBelowAMinute() {
        contextRunner.withPropertyValues("checkpoint.orphan-cleanup.min-age=59s").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.orphan-cleanup.min-age'", "'PT59S'",
                    "must be at least 1m for the s3 backend", "another process");
            assertThat(analysis.getAction()).contains("checkpoint.orphan-cleanup.min-age", "at least 1m");
        });
    }

    @Test
    void passesTransferConcurrencyAndPartSizeFromProperties() {
        contextRunner.withPropertyValues("checkpoint.s3.transfer-concurrency=3", "checkpoint.s3.part-size=6MB")
                .run(context -> {
                    S3CheckpointStore store = context.getBean(S3CheckpointStore.class);
                    assertThat(store.transferConcurrency()).isEqualTo(3);
                    assertThat(store.partSize()).isEqualTo(6L * 1024 * 1024);
                });
    }

    @Test
    void transferDefaultsAreTheStoresOwn() {
        CheckpointProperties.S3 defaults = new CheckpointProperties().getS3();
        assertThat(defaults.getTransferConcurrency()).isEqualTo(S3CheckpointStore.DEFAULT_TRANSFER_CONCURRENCY);
        assertThat(defaults.getPartSize().toBytes()).isEqualTo(S3CheckpointStore.DEFAULT_PART_SIZE);
    }

    @Test
    void failsNamingThePropertyWhenThePartSizeIsBelowWhatS3Accepts() {
        contextRunner.withPropertyValues("checkpoint.s3.part-size=1MB").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.part-size'", "'1048576B'", "5 MiB..5 GiB");
            assertThat(analysis.getAction()).contains("checkpoint.s3.part-size", "5MB to 5GB");
        });
        contextRunner.withPropertyValues("checkpoint.s3.transfer-concurrency=0").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.transfer-concurrency'", "'0'");
            assertThat(analysis.getAction()).contains("checkpoint.s3.transfer-concurrency");
        });
    }

    @Test
    void failsWithClearMessageWhenPrefixDoesNotEndWithASlash() {
        contextRunner.withPropertyValues("checkpoint.s3.prefix=nodes/a").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.prefix'", "'nodes/a'");
            assertThat(analysis.getAction()).contains("ends with '/'");
        });
    }

    @Test
    void failsNamingThePropertyWhenTheBucketIsNotSet() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(S3CheckpointStoreAutoConfiguration.class))
                .withBean(S3Client.class, () -> s3.clientBuilder().build())
                .withPropertyValues("checkpoint.backend=s3")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("Invalid checkpoint configuration")
                            .contains("'checkpoint.s3.bucket' is not set");
                    assertThat(analysis.getAction()).contains("Set checkpoint.s3.bucket");
                });
    }

    @Test
    void failsSayingTheEndpointCannotBeReachedNotThatTheBucketPropertyIsWrong() {
        String nowhere = "http://127.0.0.1:" + closedPort();
        contextRunner.withPropertyValues("spring.cloud.aws.s3.endpoint=" + nowhere)
                .withBean(S3CheckpointStoreBuilderCustomizer.class, () -> builder -> builder.maxAttempts(2)
                        .retryDelays(Duration.ofMillis(1), Duration.ofMillis(1)))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .startsWith("The checkpoint store at s3://" + bucket + "/ cannot be used: the S3 endpoint"
                                    + " could not be reached")
                            .contains("the S3 endpoint " + nowhere + " is unreachable")
                            .doesNotContain("Invalid checkpoint configuration");
                    assertThat(analysis.getAction()).contains("spring.cloud.aws.s3.endpoint", "server is running")
                            .doesNotContain("checkpoint.s3.bucket");
                });
    }

    @Test
    void failsSayingAccessWasDenied() throws IOException {
        HttpServer denying = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        denying.createContext("/", exchange -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                    + "<Message>Access Denied</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        denying.start();
        try {
            contextRunner.withPropertyValues("spring.cloud.aws.s3.endpoint=http://127.0.0.1:" + denying.getAddress().getPort())
                    .run(context -> {
                        assertThat(context).hasFailed();
                        FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                        assertThat(analysis.getDescription())
                                .startsWith("The checkpoint store at s3://" + bucket + "/ cannot be used: access was denied")
                                .contains("HTTP 403 AccessDenied");
                        assertThat(analysis.getAction()).contains("spring.cloud.aws.credentials.*", "bucket policy");
                    });
        }
        finally {
            denying.stop(0);
        }
    }

    @Test
    void failsNamingTheIgnoredHeaderAndThePropertyThatAcceptsIt() {
        contextRunner.withBean(S3Client.class, () -> s3.clientBuilder(new DropHeader("If-Match")).build())
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .startsWith("The checkpoint store at s3://" + bucket + "/ cannot be used: the startup probe"
                                    + " found that")
                            .contains("If-Match is ignored")
                            .doesNotContain("Invalid checkpoint configuration");
                    assertThat(analysis.getAction()).contains("implements If-Match on PUT",
                            "checkpoint.s3.allow-unconditional-writes=true");
                });
    }

    @Test
    void startsWithAWarningThatFencingIsOffWhenUnconditionalWritesAreAllowed(CapturedOutput output) {
        contextRunner.withBean(S3Client.class, () -> s3.clientBuilder(new DropHeader("If-Match")).build())
                .withPropertyValues("checkpoint.s3.allow-unconditional-writes=true", "checkpoint.s3.prefix=unfenced/")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(S3CheckpointStore.class).conditionalWrites()).isFalse();
                    assertThat(output).contains("Fencing is off for the S3 checkpoint store s3://" + bucket + "/unfenced/")
                            .contains("If-Match is ignored");
                });
    }

    @Test
    void failsWithClearMessageWhenTheBucketDoesNotExist() {
        contextRunner.withPropertyValues("checkpoint.s3.bucket=no-such-bucket-here").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.bucket'", "'no-such-bucket-here'");
            assertThat(analysis.getAction()).contains("bucket exists", "spring.cloud.aws.s3.endpoint");
        });
    }

    @Test
    void passesEncryptionChecksumAndSidecarStorageClassFromProperties() {
        RecordHeaders requests = new RecordHeaders();
        contextRunner.withBean(S3Client.class, () -> s3.clientBuilder(requests).build())
                .withPropertyValues("checkpoint.s3.prefix=sse-kms/", "checkpoint.s3.encryption.type=sse-kms",
                        "checkpoint.s3.encryption.kms-key-id=" + S3MockServer.KMS_KEY_ID,
                        "checkpoint.s3.encryption.kms-encryption-context.service=checkpoints",
                        "checkpoint.s3.checksum-algorithm=crc32c", "checkpoint.s3.sidecar-storage-class=standard-ia")
                .run(context -> {
                    CheckpointStore store = context.getBean(CheckpointStore.class);
                    saveWithState(store, 1);

                    Map<String, String> sidecar = requests.last("PutObject", "/checkpoints/state-");
                    assertThat(sidecar).containsEntry("x-amz-server-side-encryption", "aws:kms")
                            .containsEntry("x-amz-server-side-encryption-aws-kms-key-id", S3MockServer.KMS_KEY_ID)
                            .containsEntry("x-amz-server-side-encryption-context", Base64.getEncoder()
                                    .encodeToString("{\"service\":\"checkpoints\"}".getBytes(StandardCharsets.UTF_8)))
                            .containsEntry("x-amz-storage-class", "STANDARD_IA");
                    assertThat(sidecar.containsKey("x-amz-checksum-crc32c")
                            || "x-amz-checksum-crc32c".equals(sidecar.get("x-amz-trailer"))).as(sidecar.toString()).isTrue();
                    Map<String, String> manifest = requests.last("PutObject", "/manifests/manifest-");
                    assertThat(manifest).containsEntry("x-amz-server-side-encryption", "aws:kms")
                            .doesNotContainKey("x-amz-storage-class");
                    assertThat(store.validateCheckpoint(1).valid()).isTrue();
                });
    }

    @Test
    void sendsTheSseCKeyFromItsPropertyOnReadsToo() {
        RecordHeaders requests = new RecordHeaders();
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        contextRunner.withBean(S3Client.class, () -> s3.clientBuilder(requests).build())
                .withPropertyValues("checkpoint.s3.prefix=sse-c/", "checkpoint.s3.encryption.type=sse-c",
                        "checkpoint.s3.encryption.customer-key=" + key)
                .run(context -> {
                    CheckpointStore store = context.getBean(CheckpointStore.class);
                    saveWithState(store, 1);

                    assertThat(store.loadStateData(1)).hasValue("state".getBytes(StandardCharsets.UTF_8));
                    assertThat(requests.last("GetObject", "/checkpoints/state-"))
                            .containsEntry("x-amz-server-side-encryption-customer-key", key);
                    assertThat(requests.last("PutObject", "/manifests/manifest-"))
                            .containsEntry("x-amz-server-side-encryption-customer-key", key);
                });
    }

    @Test
    void countsTheStoresRequestsByOperation() {
        contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, CheckpointAutoConfiguration.class,
                CheckpointMetricsAutoConfiguration.class)).withPropertyValues("checkpoint.s3.prefix=counted/")
                .run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    double putsBefore = meters.get("checkpoint.s3.requests").tag("operation", "PutObject").counter()
                            .count();
                    assertThat(putsBefore).as("the startup probe's PUTs").isEqualTo(4);

                    saveWithState(context.getBean(CheckpointStore.class), 1);

                    assertThat(meters.get("checkpoint.s3.requests").tag("operation", "PutObject").counter().count())
                            .as("sidecar, manifest, pointer").isEqualTo(putsBefore + 3);
                    assertThat(meters.get("checkpoint.s3.requests").tag("operation", "ListObjectsV2").counter().count())
                            .isPositive();
                });
    }

    @Test
    void failsNamingTheCustomerKeyWhenSseCHasNone() {
        contextRunner.withPropertyValues("checkpoint.s3.encryption.type=sse-c").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.encryption.customer-key' is not set",
                    "sse-c needs the customer key");
            assertThat(analysis.getAction()).contains("256-bit AES key, base64-encoded");
        });
    }

    @Test
    void failsWithoutShowingACustomerKeyOfTheWrongLength() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.UTF_8));
        contextRunner.withPropertyValues("checkpoint.s3.encryption.type=sse-c",
                "checkpoint.s3.encryption.customer-key=" + shortKey).run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.s3.encryption.customer-key'",
                            "'******'", "must be 256 bits (32 bytes), was 16 bytes").doesNotContain(shortKey);
                    assertThat(context.getStartupFailure()).rootCause().message().doesNotContain(shortKey);
                });
    }

    @Test
    void failsNamingAKmsKeyIdSetForAnotherEncryption() {
        contextRunner.withPropertyValues("checkpoint.s3.encryption.type=sse-s3",
                "checkpoint.s3.encryption.kms-key-id=my-key").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.s3.encryption.kms-key-id'", "'my-key'",
                            "applies to sse-kms only, and checkpoint.s3.encryption.type is sse-s3");
                    assertThat(analysis.getAction()).contains("checkpoint.s3.encryption.type=sse-kms");
                });
    }

    @Test
    void failsNamingACustomerKeySetForAnotherEncryptionWithoutShowingIt() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        contextRunner.withPropertyValues("checkpoint.s3.encryption.customer-key=" + key).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.encryption.customer-key'",
                    "applies to sse-c only, and checkpoint.s3.encryption.type is none").doesNotContain(key);
        });
    }

    @Test
    void failsNamingAnUnknownSidecarStorageClass() {
        contextRunner.withPropertyValues("checkpoint.s3.sidecar-storage-class=cold-as-ice").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.sidecar-storage-class'", "'cold-as-ice'",
                    "not a storage class S3 knows");
            assertThat(analysis.getAction()).contains("STANDARD_IA", "INTELLIGENT_TIERING");
        });
    }

    @Test
    void failsNamingAnArchiveStorageClassRecoveryCouldNotRead() {
        contextRunner.withPropertyValues("checkpoint.s3.sidecar-storage-class=GLACIER").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.sidecar-storage-class'", "'GLACIER'",
                    "must allow reads without a restore");
            assertThat(analysis.getAction()).contains("GLACIER_IR");
        });
    }

    @Test
    void failsNamingAnUnknownChecksumAlgorithm() {
        contextRunner.withPropertyValues("checkpoint.s3.checksum-algorithm=md5").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("checkpoint.s3.checksum-algorithm", "md5");
            assertThat(analysis.getAction()).contains("CRC32C", "SHA256");
        });
    }

    private static void saveWithState(CheckpointStore store, long id) {
        byte[] state = "state".getBytes(StandardCharsets.UTF_8);
        CheckpointManifest manifest = CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(1)
                .vnodeCount(256).putOperatorState("op", OperatorCheckpoint.external(0, state.length)).build();
        store.saveWithState(manifest, List.of(ByteBuffer.wrap(state)));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Records the headers of every request, by operation and path. */
    private static final class RecordHeaders implements ExecutionInterceptor {

        private record Request(String operation, String path, Map<String, String> headers) {
        }

        private final List<Request> requests = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            Map<String, String> headers = new TreeMap<>();
            context.httpRequest().headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.get(0)));
            requests.add(new Request(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    context.httpRequest().encodedPath(), headers));
        }

        Map<String, String> last(String operation, String pathPart) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                Request request = requests.get(i);
                if (request.operation().equals(operation) && request.path().contains(pathPart)) {
                    return request.headers();
                }
            }
            throw new AssertionError("no " + operation + " of " + pathPart + " in " + requests);
        }
    }
}
