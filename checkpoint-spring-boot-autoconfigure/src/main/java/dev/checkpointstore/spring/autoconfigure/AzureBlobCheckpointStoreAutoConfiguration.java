package dev.checkpointstore.spring.autoconfigure;

import com.azure.storage.blob.BlobServiceClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.azure.AzureBlobCheckpointStore;

/**
 * Auto-configuration of an {@link AzureBlobCheckpointStore} for {@code checkpoint.backend=azure},
 * on the {@link BlobServiceClient} that Spring Cloud Azure builds from
 * {@code spring.cloud.azure.storage.blob.*} (a connection string, or an endpoint with an account
 * name and key or a credential; its retry settings are the store's). Without that client startup
 * fails with a message saying what to add. A container that does not exist fails startup as a bad
 * {@code checkpoint.azure.container}; an endpoint that cannot be reached, refused credentials or a
 * service that does not honour conditional writes fails it with a
 * {@link CheckpointStoreStartupException} saying which.
 */
@AutoConfiguration(afterName = "com.azure.spring.cloud.autoconfigure.implementation.storage.blob.AzureStorageBlobAutoConfiguration")
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "checkpoint.backend", havingValue = "azure")
@ConditionalOnMissingBean(CheckpointStore.class)
@EnableConfigurationProperties(CheckpointProperties.class)
public final class AzureBlobCheckpointStoreAutoConfiguration {

    static final String ADD_SPRING_CLOUD_AZURE = "Add com.azure.spring:spring-cloud-azure-starter-storage-blob to the"
            + " application and configure the connection with spring.cloud.azure.storage.blob.connection-string (or"
            + " spring.cloud.azure.storage.blob.endpoint, .account-name and .account-key); or define a"
            + " BlobServiceClient bean; or choose another checkpoint.backend.";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ BlobServiceClient.class, com.azure.storage.blob.batch.BlobBatchClient.class })
    static class AzureStoreConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CheckpointStore checkpointStore(CheckpointProperties properties, ObjectProvider<BlobServiceClient> serviceClient,
                ObjectProvider<CheckpointStoreBuilderCustomizer<?>> customizers,
                ObjectProvider<CheckpointStoreDecorator> decorators) {
            BlobServiceClient client = serviceClient.getIfAvailable();
            if (client == null) {
                throw new InvalidCheckpointPropertyException("checkpoint.backend", "azure",
                        "the Azure backend needs a BlobServiceClient bean and there is none (is Spring Cloud Azure"
                                + " Storage Blob on the classpath, with a connection configured?)",
                        ADD_SPRING_CLOUD_AZURE);
            }
            CheckpointProperties.Azure azure = properties.getAzure();
            String container = azure.getContainer();
            if (container == null) {
                throw new IllegalStateException("checkpoint.azure.container was checked when the properties were bound");
            }
            AzureBlobCheckpointStore.Builder builder = AzureBlobCheckpointStore.builder(client.getBlobContainerClient(
                    container));
            StoreProperties.apply("checkpoint.azure.prefix", azure.getPrefix(),
                    () -> builder.prefix(azure.getPrefix()),
                    "Set checkpoint.azure.prefix to an empty value or to a blob-name prefix that ends with '/', such"
                            + " as 'nodes/a/'.");
            StoreProperties.requireSharedOrphanMinAge(properties, "azure");
            StoreProperties.applyCommon(properties, builder);
            StoreBuilderCustomizers.customize(builder, customizers);
            AzureBlobCheckpointStore store;
            try {
                store = builder.build();
            }
            catch (CheckpointStoreException ex) {
                throw AzureStartupFailures.of(ex, container, client.getAccountUrl() + "/" + container + "/"
                        + azure.getPrefix());
            }
            return CheckpointStoreDecorator.applyAll(store, decorators.orderedStream().toList());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("com.azure.storage.blob.batch.BlobBatchClient")
    static class MissingAzureSdkConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CheckpointStore checkpointStore() {
            throw new InvalidCheckpointPropertyException("checkpoint.backend", "azure",
                    "the Azure backend needs the Azure Storage Blob SDK (azure-storage-blob and azure-storage-blob-batch),"
                            + " which is not on the classpath", ADD_SPRING_CLOUD_AZURE
                            + " The store needs com.azure:azure-storage-blob-batch too.");
        }
    }
}
