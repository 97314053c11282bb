package dev.checkpointstore.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.core.s3.S3MockServer;
import dev.checkpointstore.spring.CheckpointBackend;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class S3CheckpointStoreAutoConfigurationTests {

    private static S3MockServer s3;

    private static String bucket;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
                    CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
                    S3AutoConfiguration.class, S3CheckpointStoreAutoConfiguration.class))
            .withPropertyValues("checkpoint.backend=s3", "checkpoint.s3.bucket=" + bucket,
                    "spring.cloud.aws.s3.endpoint=" + s3.endpoint(), "spring.cloud.aws.s3.path-style-access-enabled=true",
                    "spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=test-key",
                    "spring.cloud.aws.credentials.secret-key=test-secret");

    @BeforeAll
    static void startS3() {
        s3 = S3MockServer.shared();
        bucket = s3.newBucket("autoconfig");
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
            assertThat(CheckpointBackend.nameOf(store)).isEqualTo("s3");
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

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Removes a header from every request: a store that ignores it. */
    private static final class DropHeader implements ExecutionInterceptor {

        private final String header;

        DropHeader(String header) {
            this.header = header;
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader(header).build();
        }
    }
}
