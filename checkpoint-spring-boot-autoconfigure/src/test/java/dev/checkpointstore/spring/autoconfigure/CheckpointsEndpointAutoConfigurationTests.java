package dev.checkpointstore.spring.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpointWebExtension;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointsEndpointAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryCheckpointStoreAutoConfiguration.class,
                    CheckpointAutoConfiguration.class, CheckpointsEndpointAutoConfiguration.class))
            .withPropertyValues("checkpoint.backend=memory");

    @Test
    void endpointIsAbsentWhenNotExposed() {
        contextRunner.run(context -> assertThat(context).doesNotHaveBean(CheckpointsEndpoint.class));
    }

    @Test
    void endpointIsPresentWhenExposedOverHttp() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=checkpoints")
                .run(context -> assertThat(context).hasSingleBean(CheckpointsEndpoint.class)
                        .hasSingleBean(CheckpointsEndpointWebExtension.class));
    }

    @Test
    void webExtensionIsAbsentWhenExposedOverJmxOnly() {
        contextRunner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=checkpoints")
                .run(context -> assertThat(context).hasSingleBean(CheckpointsEndpoint.class)
                        .doesNotHaveBean(CheckpointsEndpointWebExtension.class));
    }

    @Test
    void webExtensionIsPresentWhenExposedOverHttp() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=checkpoints")
                .run(context -> assertThat(context).hasSingleBean(CheckpointsEndpointWebExtension.class));
    }

    @Test
    void webExtensionIsAbsentWhenExposedOnlyOverJmx() {
        contextRunner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=checkpoints")
                .run(context -> assertThat(context).hasSingleBean(CheckpointsEndpoint.class)
                        .doesNotHaveBean(CheckpointsEndpointWebExtension.class));
    }

    @Test
    void endpointSummarizesTheStartupRecoveryAndTheSavesOfTheMeteredStore() {
        contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, CheckpointMetricsAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=checkpoints").run(context -> {
                    TestCheckpoints.save(context.getBean(CheckpointStore.class), 1);

                    CheckpointsEndpoint.SummaryDescriptor summary = context.getBean(CheckpointsEndpoint.class)
                            .checkpoints(null, null).summary();

                    assertThat(summary.restored().outcome()).isEqualTo("fresh");
                    assertThat(summary.counts()).isEqualTo(new CheckpointsEndpoint.CountsDescriptor(1, 0));
                    assertThat(summary.latest().completed().id()).isEqualTo(1L);
                    assertThat(summary.latest().completed().stateBytes()).isEqualTo("state of checkpoint 1".length());
                });
    }

    @Test
    void endpointIsAbsentWhenAccessIsNone() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=checkpoints",
                "management.endpoint.checkpoints.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointsEndpoint.class));
    }

    @Test
    void endpointDescribesTheStore() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=checkpoints",
                "checkpoint.retention=4").run(context -> {
                    CheckpointsEndpoint.StoreDescriptor store = context.getBean(CheckpointsEndpoint.class).checkpoints(null, null);
                    assertThat(store.backend()).isEqualTo("memory");
                    assertThat(store.location()).isEqualTo("memory");
                    assertThat(store.retention()).isEqualTo(4);
                    assertThat(store.vnodeCount()).isEqualTo(256);
                });
    }

    @Test
    void endpointDescribesAUserDefinedStoreByItsOwnSettings() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=checkpoints")
                .withBean(CheckpointStore.class, () -> TestCheckpoints.memoryStoreWith(1)).run(context -> {
                    CheckpointsEndpoint.StoreDescriptor store = context.getBean(CheckpointsEndpoint.class).checkpoints(null, null);
                    assertThat(store.retention()).as("the store keeps all").isZero();
                    assertThat(store.latestId()).isEqualTo(1L);
                });
    }

    @Test
    void backsOffWithoutActuator() {
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=checkpoints")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CheckpointsEndpoint.class)
                        .hasSingleBean(CheckpointStore.class));
    }

    @Test
    void backsOffWhenThereIsNoStore() {
        contextRunner.withPropertyValues("checkpoint.backend=filesystem",
                "management.endpoints.web.exposure.include=checkpoints")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CheckpointsEndpoint.class));
    }
}
