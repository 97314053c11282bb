package dev.checkpointstore.spring.autoconfigure;

import java.nio.file.Path;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.fs.FileSystemCheckpointStore;

/**
 * Auto-configuration of a {@link FileSystemCheckpointStore} in {@code checkpoint.filesystem.base-dir},
 * the default backend.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "checkpoint.backend", havingValue = "filesystem", matchIfMissing = true)
@ConditionalOnMissingBean(CheckpointStore.class)
@EnableConfigurationProperties(CheckpointProperties.class)
public final class FileSystemCheckpointStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CheckpointStore checkpointStore(CheckpointProperties properties,
            ObjectProvider<CheckpointStoreBuilderCustomizer<?>> customizers,
            ObjectProvider<CheckpointStoreDecorator> decorators) {
        Path baseDir = properties.getFilesystem().getBaseDir().toAbsolutePath().normalize();
        FileSystemCheckpointStore.Builder builder = FileSystemCheckpointStore.builder(baseDir);
        StoreProperties.requireSharedOrphanMinAge(properties, "filesystem");
        StoreProperties.applyCommon(properties, builder);
        StoreBuilderCustomizers.customize(builder, customizers);
        FileSystemCheckpointStore store;
        try {
            store = builder.build();
        }
        catch (CheckpointStoreException ex) {
            throw new InvalidCheckpointPropertyException("checkpoint.filesystem.base-dir", baseDir, ex.getMessage(),
                    "Set checkpoint.filesystem.base-dir to a directory the application can create and write; "
                            + "checkpoints are kept in its 'checkpoints' subdirectory.", ex);
        }
        return CheckpointStoreDecorator.applyAll(store, decorators.orderedStream().toList());
    }
}
