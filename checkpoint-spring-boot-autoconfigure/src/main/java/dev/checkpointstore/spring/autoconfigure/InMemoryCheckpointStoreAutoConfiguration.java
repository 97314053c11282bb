package dev.checkpointstore.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

/**
 * Auto-configuration of an {@link InMemoryCheckpointStore} for {@code checkpoint.backend=memory}:
 * nothing survives the process, for tests and demos.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "checkpoint.backend", havingValue = "memory")
@ConditionalOnMissingBean(CheckpointStore.class)
@EnableConfigurationProperties(CheckpointProperties.class)
public final class InMemoryCheckpointStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CheckpointStore checkpointStore(CheckpointProperties properties,
            ObjectProvider<CheckpointStoreBuilderCustomizer<?>> customizers,
            ObjectProvider<CheckpointStoreDecorator> decorators) {
        InMemoryCheckpointStore.Builder builder = InMemoryCheckpointStore.builder();
        StoreProperties.applyCommon(properties, builder);
        StoreBuilderCustomizers.customize(builder, customizers);
        return CheckpointStoreDecorator.applyAll(builder.build(), decorators.orderedStream().toList());
    }
}
