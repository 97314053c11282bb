package dev.checkpointstore.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.scheduling.OrphanCleanupScheduler;

/**
 * Auto-configuration of scheduled orphan cleanup ({@code checkpoint.orphan-cleanup.*}) on the
 * starter's own single daemon thread; the application's scheduling is not touched.
 */
@AutoConfiguration(after = CheckpointAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "checkpoint.orphan-cleanup.enabled", matchIfMissing = true)
@ConditionalOnBean(CheckpointOrphanCleaner.class)
public final class CheckpointOrphanCleanupAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OrphanCleanupScheduler checkpointOrphanCleanupScheduler(CheckpointOrphanCleaner checkpointOrphanCleaner,
            CheckpointProperties properties) {
        CheckpointProperties.OrphanCleanup cleanup = properties.getOrphanCleanup();
        return new OrphanCleanupScheduler(checkpointOrphanCleaner, cleanup.getInitialDelay(), cleanup.getInterval());
    }
}
