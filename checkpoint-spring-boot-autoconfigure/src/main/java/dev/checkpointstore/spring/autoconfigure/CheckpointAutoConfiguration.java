package dev.checkpointstore.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointRecovery;

/**
 * Auto-configuration of what every {@link CheckpointStore} gets, whether auto-configured or the
 * application's own: the startup {@link CheckpointRecovery} (one walk, before lifecycle beans
 * start, announced by a {@link dev.checkpointstore.spring.CheckpointRecoveredEvent}), the cached
 * {@link CheckpointInspector}, which starts from that walk, and the {@link CheckpointOrphanCleaner}.
 * It also binds and checks {@link CheckpointProperties} eagerly, so a bad value fails startup even
 * when no backend matches.
 */
@AutoConfiguration(after = { FileSystemCheckpointStoreAutoConfiguration.class, S3CheckpointStoreAutoConfiguration.class,
        InMemoryCheckpointStoreAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CheckpointProperties.class)
public final class CheckpointAutoConfiguration {

    @Bean
    static LazyInitializationExcludeFilter eagerCheckpointRecovery() {
        return LazyInitializationExcludeFilter.forBeanTypes(CheckpointProperties.class, CheckpointRecovery.class,
                CheckpointRecoveredEventPublisher.class);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(CheckpointStore.class)
    static class StoreConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CheckpointRecovery checkpointRecovery(CheckpointStore checkpointStore) {
            return CheckpointRecovery.recover(checkpointStore);
        }

        @Bean
        @ConditionalOnMissingBean
        CheckpointRecoveredEventPublisher checkpointRecoveredEventPublisher(CheckpointRecovery checkpointRecovery,
                CheckpointStore checkpointStore, ApplicationEventPublisher publisher) {
            return new CheckpointRecoveredEventPublisher(checkpointRecovery, checkpointStore.location(), publisher);
        }

        @Bean
        @ConditionalOnMissingBean
        CheckpointInspector checkpointInspector(CheckpointStore checkpointStore, CheckpointProperties properties,
                ObjectProvider<CheckpointRecovery> checkpointRecovery) {
            CheckpointInspector inspector = new CheckpointInspector(checkpointStore,
                    properties.getRecovery().getCacheTtl());
            checkpointRecovery.ifAvailable(recovery -> inspector.adoptWalk(recovery.report()));
            return inspector;
        }

        @Bean
        @ConditionalOnMissingBean
        CheckpointOrphanCleaner checkpointOrphanCleaner(CheckpointStore checkpointStore,
                ApplicationEventPublisher publisher) {
            return new CheckpointOrphanCleaner(checkpointStore, publisher);
        }
    }
}
