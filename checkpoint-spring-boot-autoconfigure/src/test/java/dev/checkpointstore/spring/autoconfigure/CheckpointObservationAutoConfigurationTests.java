package dev.checkpointstore.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.StoreDescription;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;
import dev.checkpointstore.spring.observation.CheckpointObservationConvention;
import dev.checkpointstore.spring.observation.DefaultCheckpointObservationConvention;
import dev.checkpointstore.spring.observation.ObservedCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointObservationAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryCheckpointStoreAutoConfiguration.class,
                    CheckpointAutoConfiguration.class, CheckpointObservationAutoConfiguration.class))
            .withPropertyValues("checkpoint.backend=memory");

    @Test
    void observesTheAutoConfiguredStoreFromTheStartupRecoveryOn() {
        contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(context -> {
            CheckpointStore store = context.getBean(CheckpointStore.class);
            TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
            assertThat(store).isInstanceOf(ObservedCheckpointStore.class);
            assertThat(store.describe().backend()).isEqualTo("memory");

            TestCheckpoints.save(store, 1);

            io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo(DefaultCheckpointObservationConvention.NAME, 3)
                    .hasAnObservation(o -> o.hasLowCardinalityKeyValue("operation", "recovery")
                            .hasLowCardinalityKeyValue("outcome", "fresh"))
                    .hasAnObservation(o -> o.hasLowCardinalityKeyValue("operation", "recovery.list"))
                    .hasAnObservation(o -> o.hasLowCardinalityKeyValue("operation", "save")
                            .hasHighCardinalityKeyValue("checkpoint.id", "1"));
        });
    }

    @Test
    void usesTheApplicationsConvention() {
        contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withBean(CheckpointObservationConvention.class, () -> new DefaultCheckpointObservationConvention() {
                    @Override
                    public String getName() {
                        return "my.checkpoints";
                    }
                }).run(context -> {
                    TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
                    io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
                            .hasObservationWithNameEqualTo("my.checkpoints");
                });
    }

    @Test
    void recordsATimerPerOperationThroughBootsObservationAndMetrics() {
        contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class)).run(context -> {
                    TestCheckpoints.save(context.getBean(CheckpointStore.class), 1);

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get(DefaultCheckpointObservationConvention.NAME)
                            .tags("backend", "memory", "operation", "save", "outcome", "success").timer().count())
                            .isEqualTo(1);
                    assertThat(meters.get(DefaultCheckpointObservationConvention.NAME)
                            .tags("operation", "recovery", "outcome", "fresh").timer().count()).isEqualTo(1);
                });
    }

    @Test
    void leavesAUserDefinedStoreAsItIs() {
        InMemoryCheckpointStore own = InMemoryCheckpointStore.builder().build();
        contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withBean(CheckpointStore.class, () -> own)
                .run(context -> assertThat(context.getBean(CheckpointStore.class)).isSameAs(own));
    }

    @Test
    void backsOffWithoutAnObservationRegistry() {
        contextRunner.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean("observedCheckpointStoreDecorator")
                .getBean(CheckpointStore.class).isInstanceOf(InMemoryCheckpointStore.class));
    }

    @Test
    void backsOffWithoutMicrometerObservation() {
        contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("observedCheckpointStoreDecorator")
                        .getBean(CheckpointStore.class).isInstanceOf(InMemoryCheckpointStore.class));
    }

    @Test
    void backsOffWhenCheckpointsAreDisabled() {
        contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withPropertyValues("checkpoint.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("observedCheckpointStoreDecorator")
                        .doesNotHaveBean(CheckpointStore.class));
    }

    @Test
    void keepsTheStoreDescriptionOfTheBackendForTheEndpointAndHealth() {
        contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withPropertyValues("checkpoint.retention=4", "checkpoint.vnode-count=32")
                .run(context -> assertThat(context.getBean(CheckpointStore.class).describe())
                        .isEqualTo(new StoreDescription(InMemoryCheckpointStore.BACKEND, "memory", 32, 4,
                                CheckpointStore.DEFAULT_ORPHAN_MIN_AGE)));
    }
}
