package dev.checkpointstore.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.health.CheckpointsHealthIndicator;

/**
 * Auto-configuration of the {@link CheckpointsHealthIndicator}, shown as
 * {@code /actuator/health/checkpoints}; {@code management.health.checkpoints.enabled=false} turns it off.
 */
@AutoConfiguration(after = CheckpointAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(Health.class)
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnEnabledHealthIndicator("checkpoints")
@ConditionalOnBean(CheckpointInspector.class)
public final class CheckpointsHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "checkpointsHealthIndicator")
    CheckpointsHealthIndicator checkpointsHealthIndicator(CheckpointInspector checkpointInspector) {
        return new CheckpointsHealthIndicator(checkpointInspector);
    }
}
