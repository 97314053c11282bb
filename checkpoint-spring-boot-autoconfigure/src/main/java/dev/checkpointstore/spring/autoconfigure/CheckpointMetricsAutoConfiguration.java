package dev.checkpointstore.spring.autoconfigure;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.CheckpointSaveHistory;
import dev.checkpointstore.spring.metrics.CheckpointEventMetrics;
import dev.checkpointstore.spring.metrics.CheckpointPruneMetrics;
import dev.checkpointstore.spring.metrics.LatestCheckpointGauges;
import dev.checkpointstore.spring.metrics.MeteredCheckpointStore;
import dev.checkpointstore.spring.metrics.S3RequestMetrics;

/**
 * Auto-configuration of checkpoint metrics when Micrometer is present. The auto-configured store
 * is decorated with a {@link MeteredCheckpointStore} ({@code checkpoint.save},
 * {@code checkpoint.state.size}), and the auto-configured S3 store counts its requests
 * ({@code checkpoint.s3.requests}, {@link S3RequestMetrics}); the gauges and counters
 * ({@code checkpoint.latest.id}, {@code checkpoint.latest.age}, {@code checkpoint.recovery},
 * {@code checkpoint.orphans.removed}, {@code checkpoint.prune.failures}) work with any store, the application's own included.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" },
        after = CheckpointAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "checkpoint.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(CheckpointProperties.class)
public final class CheckpointMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LatestCheckpointGauges checkpointLatestGauges(ObjectProvider<CheckpointStore> checkpointStore,
            CheckpointProperties properties) {
        return new LatestCheckpointGauges(checkpointStore::getIfAvailable, properties.getRecovery().getCacheTtl(),
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    CheckpointEventMetrics checkpointEventMetrics(MeterRegistry meterRegistry) {
        return new CheckpointEventMetrics(meterRegistry);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "software.amazon.awssdk.services.s3.S3Client")
    static class S3RequestMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "s3RequestMetricsCustomizer")
        S3CheckpointStoreBuilderCustomizer s3RequestMetricsCustomizer(MeterRegistry meterRegistry) {
            S3RequestMetrics metrics = new S3RequestMetrics(meterRegistry);
            return builder -> builder.addRequestListener(metrics);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    CheckpointPruneMetrics checkpointPruneMetrics(ObjectProvider<CheckpointStore> checkpointStore) {
        return new CheckpointPruneMetrics(checkpointStore::getIfAvailable);
    }

    @Bean
    @ConditionalOnMissingBean
    CheckpointSaveHistory checkpointSaveHistory() {
        return new CheckpointSaveHistory();
    }

    @Bean
    @ConditionalOnMissingBean(name = "meteredCheckpointStoreDecorator")
    CheckpointStoreDecorator meteredCheckpointStoreDecorator(MeterRegistry meterRegistry,
            LatestCheckpointGauges checkpointLatestGauges, CheckpointSaveHistory checkpointSaveHistory) {
        return store -> new MeteredCheckpointStore(store, store.describe().backend(), meterRegistry,
                checkpointLatestGauges, checkpointSaveHistory, Clock.systemUTC());
    }
}
