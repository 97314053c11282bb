package dev.checkpointstore.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.spring.cloud.autoconfigure.implementation.context.AzureGlobalPropertiesAutoConfiguration;
import com.azure.spring.cloud.autoconfigure.implementation.context.AzureTokenCredentialAutoConfiguration;
import com.azure.spring.cloud.autoconfigure.implementation.storage.blob.AzureStorageBlobAutoConfiguration;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreBuilder;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.azure.AzureBlobCheckpointStore;
import dev.checkpointstore.test.azure.AzuriteExtension;
import dev.checkpointstore.test.azure.AzuriteServer;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure backend through the {@link BlobServiceClient} that Spring Cloud Azure builds from
 * {@code spring.cloud.azure.storage.blob.*}, over real HTTP to Azurite.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobCheckpointStoreAutoConfigurationTests {

    private static AzuriteServer azurite;

    private static String container;

    private ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AzureGlobalPropertiesAutoConfiguration.class,
                        AzureTokenCredentialAutoConfiguration.class, AzureStorageBlobAutoConfiguration.class,
                        AzureBlobCheckpointStoreAutoConfiguration.class))
                .withPropertyValues("checkpoint.backend=azure", "checkpoint.azure.container=" + container,
                        "spring.cloud.azure.storage.blob.connection-string=" + azurite.connectionString(),
                        "spring.cloud.azure.storage.blob.retry.mode=fixed",
                        "spring.cloud.azure.storage.blob.retry.fixed.max-retries=1",
                        "spring.cloud.azure.storage.blob.retry.fixed.delay=10ms");
    }

    @BeforeAll
    static void startAzurite(AzuriteServer server) {
        azurite = server;
        container = server.newContainer("autoconfig").getBlobContainerName();
    }

    @Test
    void createsAnAzureStoreOnTheSpringCloudAzureClientAndSavesThroughIt() {
        contextRunner().withPropertyValues("checkpoint.azure.prefix=nodes/a/", "checkpoint.vnode-count=128").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BlobServiceClient.class);
            AzureBlobCheckpointStore store = context.getBean(AzureBlobCheckpointStore.class);
            assertThat(store.container()).isEqualTo(container);
            assertThat(store.prefix()).isEqualTo("nodes/a/");
            assertThat(store.vnodeCount()).isEqualTo(128);
            assertThat(store.location()).isEqualTo(azurite.endpoint() + "/" + container + "/nodes/a/");
            assertThat(store.describe().backend()).isEqualTo("azure").isEqualTo(AzureBlobCheckpointStore.BACKEND);
            CheckpointManifest manifest = CheckpointManifest.builder().checkpointId(7).epoch(3)
                    .timestampMs(1_700_000_000_000L).vnodeCount(128).putOperatorState("op", OperatorCheckpoint.external(0, 5))
                    .build();
            store.saveWithState(manifest, List.of(ByteBuffer.wrap("state".getBytes(StandardCharsets.UTF_8))));
            assertThat(store.loadLatest()).map(CheckpointManifest::checkpointId).hasValue(7L);
            assertThat(store.loadOperatorState(7, "op")).hasValueSatisfying(
                    bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("state"));
            assertThat(context.getBean(BlobServiceClient.class).getBlobContainerClient(container)
                    .getBlobClient("nodes/a/manifests/manifest-000007.json").exists()).isTrue();
        });
    }

    @Test
    void usesTheApplicationsOwnBlobServiceClientWithoutSpringCloudAzure() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AzureBlobCheckpointStoreAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("com.azure.spring"))
                .withBean(BlobServiceClient.class, azurite::client)
                .withPropertyValues("checkpoint.backend=azure", "checkpoint.azure.container=" + container)
                .run(context -> assertThat(context).hasSingleBean(AzureBlobCheckpointStore.class));
    }

    @Test
    void appliesAzureAndSharedBuilderCustomizersInOrder() {
        contextRunner()
                .withBean(AzureBlobCheckpointStoreBuilderCustomizer.class, () -> builder -> builder.vnodeCount(3))
                .withBean("every", CheckpointStoreBuilderCustomizer.class,
                        () -> (CheckpointStoreBuilderCustomizer<CheckpointStoreBuilder<?>>) builder -> builder.maxRetained(9))
                .run(context -> {
                    CheckpointStore store = context.getBean(CheckpointStore.class);
                    assertThat(store.vnodeCount()).isEqualTo(3);
                    assertThat(store.describe().maxRetained()).isEqualTo(9);
                });
    }

    @Test
    void backsOffWhenUserDefinesStore() {
        InMemoryCheckpointStore own = InMemoryCheckpointStore.builder().build();
        contextRunner().withBean(CheckpointStore.class, () -> own)
                .run(context -> assertThat(context).getBean(CheckpointStore.class).isSameAs(own));
    }

    @Test
    void failsWithClearMessageWithoutABlobServiceClient() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AzureBlobCheckpointStoreAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("com.azure.spring"))
                .withPropertyValues("checkpoint.backend=azure", "checkpoint.azure.container=" + container)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.backend'", "'azure'",
                            "BlobServiceClient");
                    assertThat(analysis.getAction()).contains("com.azure.spring:spring-cloud-azure-starter-storage-blob",
                            "spring.cloud.azure.storage.blob.connection-string");
                });
    }

    @Test
    void failsWithClearMessageWithoutTheAzureSdk() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AzureBlobCheckpointStoreAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("com.azure.storage.blob.batch"))
                .withPropertyValues("checkpoint.backend=azure", "checkpoint.azure.container=" + container)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.backend'", "not on the classpath");
                    assertThat(analysis.getAction()).contains("azure-storage-blob-batch");
                });
    }

    @Test
    void failsNamingThePropertyWhenTheContainerIsNotSet() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AzureBlobCheckpointStoreAutoConfiguration.class))
                .withBean(BlobServiceClient.class, azurite::client)
                .withPropertyValues("checkpoint.backend=azure")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("Invalid checkpoint configuration")
                            .contains("'checkpoint.azure.container'");
                    assertThat(analysis.getAction()).contains("Set checkpoint.azure.container");
                });
    }

    @Test
    void failsWithClearMessageWhenPrefixDoesNotEndWithASlash() {
        contextRunner().withPropertyValues("checkpoint.azure.prefix=nodes/a").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.azure.prefix'", "'nodes/a'");
            assertThat(analysis.getAction()).contains("ends with '/'");
        });
    }

    @Test
    void failsWithClearMessageWhenOrphanMinAgeIsBelowAMinute() {
        contextRunner().withPropertyValues("checkpoint.orphan-cleanup.min-age=59s").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.orphan-cleanup.min-age'", "azure backend");
        });
    }

    @Test
    void failsNamingTheContainerPropertyWhenTheContainerDoesNotExist() {
        contextRunner().withPropertyValues("checkpoint.azure.container=no-such-container-here").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.azure.container'", "'no-such-container-here'",
                    "does not exist");
            assertThat(analysis.getAction()).contains("Create the container",
                    "spring.cloud.azure.storage.blob.connection-string");
        });
    }

    @Test
    void failsSayingTheEndpointCannotBeReached() {
        contextRunner().withPropertyValues("spring.cloud.azure.storage.blob.connection-string="
                + AzuriteServer.connectionString("http://127.0.0.1:" + closedPort() + "/" + AzuriteServer.ACCOUNT))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("could not be reached", "cannot be reached")
                            .doesNotContain("checkpoint.azure.container'");
                    assertThat(analysis.getAction()).contains("spring.cloud.azure.storage.blob.connection-string",
                            "service is running");
                });
    }

    @Test
    void failsSayingTheCredentialsWereRefused() {
        String wrongKey = "AAAA" + AzuriteServer.ACCOUNT_KEY.substring(4);
        contextRunner().withPropertyValues("spring.cloud.azure.storage.blob.connection-string="
                + azurite.connectionString().replace(AzuriteServer.ACCOUNT_KEY, wrongKey)).run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("credentials were refused", "403");
                    assertThat(analysis.getAction()).contains("account name and key", "Storage Blob Data Contributor");
                });
    }

    @Test
    void failsNamingTheIgnoredHeaderWhenTheServiceDoesNotHonourIfNoneMatch() {
        HttpPipelinePolicy dropsIfNoneMatch = new HttpPipelinePolicy() {

            @Override
            public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> process(
                    com.azure.core.http.HttpPipelineCallContext call, com.azure.core.http.HttpPipelineNextPolicy next) {
                call.getHttpRequest().getHeaders().remove("If-None-Match");
                return next.process();
            }

            @Override
            public com.azure.core.http.HttpPipelinePosition getPipelinePosition() {
                // before the request is signed
                return com.azure.core.http.HttpPipelinePosition.PER_CALL;
            }
        };
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AzureBlobCheckpointStoreAutoConfiguration.class))
                .withBean(BlobServiceClient.class, () -> new BlobServiceClientBuilder()
                        .connectionString(azurite.connectionString()).addPolicy(dropsIfNoneMatch).buildClient())
                .withPropertyValues("checkpoint.backend=azure", "checkpoint.azure.container=" + container)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("If-None-Match: * is ignored");
                    assertThat(analysis.getAction()).contains("implements If-None-Match on Put Blob");
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
}
