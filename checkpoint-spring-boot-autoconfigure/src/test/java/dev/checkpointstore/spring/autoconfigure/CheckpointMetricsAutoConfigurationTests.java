package dev.checkpointstore.spring.autoconfigure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.DeletionFailingStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.TestCheckpoints;
import dev.checkpointstore.spring.metrics.CheckpointEventMetrics;
import dev.checkpointstore.spring.metrics.MeteredCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointMetricsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, InMemoryCheckpointStoreAutoConfiguration.class,
                    CheckpointAutoConfiguration.class, CheckpointMetricsAutoConfiguration.class))
            .withPropertyValues("checkpoint.backend=memory");

    @Test
    void decoratesTheAutoConfiguredStoreAndTimesSaves() {
        contextRunner.run(context -> {
            CheckpointStore store = context.getBean(CheckpointStore.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(store).isInstanceOf(MeteredCheckpointStore.class);
            assertThat(store.describe().backend()).isEqualTo("memory");

            TestCheckpoints.save(store, 1);
            store.save(TestCheckpoints.manifest(2, 0));

            assertThat(registry.get("checkpoint.save").tags("backend", "memory", "outcome", "success").timer().count())
                    .isEqualTo(2);
            assertThat(registry.get("checkpoint.state.size").tag("backend", "memory").summary().totalAmount())
                    .isEqualTo("state of checkpoint 1".length());
        });
    }

    @Test
    void timesFailedSavesAsFailures() {
        contextRunner.run(context -> {
            CheckpointStore store = context.getBean(CheckpointStore.class);
            CheckpointManifest noId = CheckpointManifest.builder().epoch(1).build();

            assertThatThrownBy(() -> store.saveWithState(noId, List.of(ByteBuffer.allocate(1))))
                    .isInstanceOf(IllegalArgumentException.class);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("checkpoint.save").tag("outcome", "failure").timer().count()).isEqualTo(1);
            assertThat(registry.get("checkpoint.save").tag("outcome", "success").timer().count()).isZero();
        });
    }

    @Test
    void countsTheStartupRecoveryByOutcome() {
        contextRunner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("checkpoint.recovery").tag("outcome", "fresh").counter().count()).isEqualTo(1);
            assertThat(registry.get("checkpoint.recovery").tag("outcome", "latest").counter().count()).isZero();
            assertThat(registry.find("checkpoint.recovery").counters()).hasSize(4);
        });
    }

    @Test
    void gaugesTheLatestCheckpointOfTheStore() {
        contextRunner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("checkpoint.latest.id").gauge().value()).isNaN();

            TestCheckpoints.save(context.getBean(CheckpointStore.class), 5);

            assertThat(registry.get("checkpoint.latest.id").gauge().value()).isEqualTo(5);
            long expectedAge = (System.currentTimeMillis() - (TestCheckpoints.BASE_TIMESTAMP_MS + 4)) / 1000;
            assertThat(registry.get("checkpoint.latest.age").gauge().value())
                    .isBetween(expectedAge - 60.0, expectedAge + 60.0);
        });
    }

    @Test
    void leavesAUserDefinedStoreUndecoratedButCountsAndGaugesIt() {
        InMemoryCheckpointStore own = TestCheckpoints.memoryStoreWith(2);
        TestCheckpoints.corruptState(own, 2);
        own.putRawState(9, new byte[1], Instant.now().minus(Duration.ofDays(1)));
        contextRunner.withBean(CheckpointStore.class, () -> own).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(context.getBean(CheckpointStore.class)).isSameAs(own);
            assertThat(registry.find("checkpoint.save").timer()).isNull();
            assertThat(registry.get("checkpoint.recovery").tag("outcome", "fallback").counter().count()).isEqualTo(1);
            assertThat(registry.get("checkpoint.latest.id").gauge().value()).isEqualTo(2);

            context.getBean(CheckpointOrphanCleaner.class).cleanup();

            assertThat(registry.get("checkpoint.orphans.removed").counter().count()).isEqualTo(1);
        });
    }

    @Test
    void registersThePruneFailureCounterForTheAutoConfiguredStore() {
        contextRunner.withPropertyValues("checkpoint.retention=1").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            TestCheckpoints.save(context.getBean(CheckpointStore.class), 1);
            TestCheckpoints.save(context.getBean(CheckpointStore.class), 2);

            assertThat(registry.get("checkpoint.prune.failures").functionCounter().count()).isZero();
        });
    }

    @Test
    void countsPruneFailuresOfAUserDefinedStoreWhileItsSavesSucceed() {
        DeletionFailingStore own = new DeletionFailingStore(InMemoryCheckpointStore.builder().maxRetained(1).build());
        contextRunner.withBean(CheckpointStore.class, () -> own).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            TestCheckpoints.save(own, 1);
            own.refuseDeletionOf(1L);

            TestCheckpoints.save(own, 2);

            assertThat(own.latestId()).hasValue(2);
            assertThat(registry.get("checkpoint.prune.failures").functionCounter().count()).isEqualTo(1);
            own.allowDeletions();
            TestCheckpoints.save(own, 3);
            assertThat(own.listIds()).containsExactly(3L);
            assertThat(registry.get("checkpoint.prune.failures").functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void backsOffWithoutMicrometer() {
        contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(CheckpointEventMetrics.class);
            assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(InMemoryCheckpointStore.class);
        });
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(InMemoryCheckpointStoreAutoConfiguration.class,
                        CheckpointAutoConfiguration.class, CheckpointMetricsAutoConfiguration.class))
                .withPropertyValues("checkpoint.backend=memory")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointEventMetrics.class)
                        .getBean(CheckpointStore.class).isInstanceOf(InMemoryCheckpointStore.class));
    }
}
