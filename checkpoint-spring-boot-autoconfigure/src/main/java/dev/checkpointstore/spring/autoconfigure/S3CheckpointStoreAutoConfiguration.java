package dev.checkpointstore.spring.autoconfigure;

import software.amazon.awssdk.services.s3.S3Client;

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
import dev.checkpointstore.core.s3.S3CheckpointStore;

/**
 * Auto-configuration of an {@link S3CheckpointStore} for {@code checkpoint.backend=s3}, on the
 * {@link S3Client} that Spring Cloud AWS builds from {@code spring.cloud.aws.*} (endpoint, region,
 * credentials, path-style access). Without that client startup fails with a message saying what
 * to add. A bucket that does not exist fails startup as a bad {@code checkpoint.s3.bucket}; an
 * endpoint that cannot be reached, denied access or a store that does not honour conditional writes
 * (unless {@code checkpoint.s3.allow-unconditional-writes}) fails it with a
 * {@link CheckpointStoreStartupException} saying which.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration")
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "checkpoint.backend", havingValue = "s3")
@ConditionalOnMissingBean(CheckpointStore.class)
@EnableConfigurationProperties(CheckpointProperties.class)
public final class S3CheckpointStoreAutoConfiguration {

    static final String ADD_SPRING_CLOUD_AWS = "Add io.awspring.cloud:spring-cloud-aws-starter-s3 to the application "
            + "and configure the connection with spring.cloud.aws.region.static, spring.cloud.aws.credentials.* and, "
            + "for an S3-compatible server, spring.cloud.aws.s3.endpoint and spring.cloud.aws.s3.path-style-access-enabled; "
            + "or define an S3Client bean; or choose another checkpoint.backend.";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(S3Client.class)
    static class S3StoreConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CheckpointStore checkpointStore(CheckpointProperties properties, ObjectProvider<S3Client> s3Client,
                ObjectProvider<CheckpointStoreBuilderCustomizer<?>> customizers,
                ObjectProvider<CheckpointStoreDecorator> decorators) {
            S3Client client = s3Client.getIfAvailable();
            if (client == null) {
                throw new InvalidCheckpointPropertyException("checkpoint.backend", "s3",
                        "the S3 backend needs an S3Client bean and there is none (is Spring Cloud AWS S3 on the classpath?)",
                        ADD_SPRING_CLOUD_AWS);
            }
            CheckpointProperties.S3 s3 = properties.getS3();
            String bucket = s3.getBucket();
            if (bucket == null) {
                throw new IllegalStateException("checkpoint.s3.bucket was checked when the properties were bound");
            }
            S3CheckpointStore.Builder builder = S3CheckpointStore.builder(client, bucket);
            StoreProperties.apply("checkpoint.s3.prefix", s3.getPrefix(),
                    () -> builder.prefix(s3.getPrefix()),
                    "Set checkpoint.s3.prefix to an empty value or to a key prefix that ends with '/', such as 'nodes/a/'.");
            StoreProperties.requireSharedOrphanMinAge(properties, "s3");
            StoreProperties.applyCommon(properties, builder);
            builder.allowUnconditionalWrites(s3.isAllowUnconditionalWrites());
            S3StoreProperties.apply(s3, builder);
            StoreBuilderCustomizers.customize(builder, customizers);
            S3CheckpointStore store;
            try {
                store = builder.build();
            }
            catch (CheckpointStoreException ex) {
                throw S3StartupFailures.of(ex, bucket, "s3://" + bucket + "/" + s3.getPrefix());
            }
            return CheckpointStoreDecorator.applyAll(store, decorators.orderedStream().toList());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("software.amazon.awssdk.services.s3.S3Client")
    static class MissingAwsSdkConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CheckpointStore checkpointStore() {
            throw new InvalidCheckpointPropertyException("checkpoint.backend", "s3",
                    "the S3 backend needs the AWS SDK's S3Client, which is not on the classpath", ADD_SPRING_CLOUD_AWS);
        }
    }
}
