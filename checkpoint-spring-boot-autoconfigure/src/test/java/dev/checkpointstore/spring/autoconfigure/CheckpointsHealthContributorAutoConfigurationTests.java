package dev.checkpointstore.spring.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CountingCheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;
import dev.checkpointstore.spring.health.CheckpointsHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointsHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryCheckpointStoreAutoConfiguration.class,
                    CheckpointAutoConfiguration.class, CheckpointsHealthContributorAutoConfiguration.class))
            .withPropertyValues("checkpoint.backend=memory");

    @Test
    void registersTheCheckpointsHealthIndicator() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(CheckpointsHealthIndicator.class).hasBean("checkpointsHealthIndicator");
            assertThat(context.getBean(CheckpointsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void theFirstHealthProbeReusesTheStartupRecoveryInsteadOfValidatingAgain() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(2));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CheckpointAutoConfiguration.class,
                        CheckpointsHealthContributorAutoConfiguration.class))
                .withBean(CheckpointStore.class, () -> store)
                .run(context -> {
                    assertThat(store.calls("recoverLatestValidated")).isEqualTo(1);

                    Health health = context.getBean(CheckpointsHealthIndicator.class).health();

                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("chosenId", 2L).containsEntry("examined", 2);
                    assertThat(store.calls("validateCheckpoint")).as("sidecars hashed again").isZero();
                    assertThat(store.calls("listIds")).isZero();
                });
    }

    @Test
    void healthIsOffByProperty() {
        contextRunner.withPropertyValues("management.health.checkpoints.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointsHealthIndicator.class));
    }

    @Test
    void healthIsOffWhenHealthDefaultsAreOff() {
        contextRunner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointsHealthIndicator.class));
    }

    @Test
    void backsOffWhenUserDefinesTheIndicator() {
        CheckpointsHealthIndicator own = new CheckpointsHealthIndicator(
                new CheckpointInspector(InMemoryCheckpointStore.builder().build(), Duration.ZERO));
        contextRunner.withBean("checkpointsHealthIndicator", CheckpointsHealthIndicator.class, () -> own)
                .run(context -> assertThat(context).getBean(CheckpointsHealthIndicator.class).isSameAs(own));
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        contextRunner.withClassLoader(new FilteredClassLoader(Health.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CheckpointsHealthIndicator.class));
    }

    @Test
    void backsOffWhenDisabled() {
        contextRunner.withPropertyValues("checkpoint.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointsHealthIndicator.class));
    }
}
