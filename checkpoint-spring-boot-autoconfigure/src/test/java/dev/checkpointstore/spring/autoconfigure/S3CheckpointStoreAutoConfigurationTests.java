package dev.checkpointstore.spring.autoconfigure;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.core.s3.S3MockServer;
import dev.checkpointstore.spring.CheckpointBackend;

import static org.assertj.core.api.Assertions.assertThat;

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
    void failsWithClearMessageWhenTheBucketDoesNotExist() {
        contextRunner.withPropertyValues("checkpoint.s3.bucket=no-such-bucket-here").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.s3.bucket'", "'no-such-bucket-here'");
            assertThat(analysis.getAction()).contains("bucket exists", "spring.cloud.aws.s3.endpoint");
        });
    }
}
