package dev.checkpointstore.spring.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreBuilder;
import dev.checkpointstore.core.StoreDescription;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryCheckpointStoreAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryCheckpointStoreAutoConfiguration.class))
            .withPropertyValues("checkpoint.backend=memory");

    @Test
    void createsAnInMemoryStoreForTheMemoryBackend() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(CheckpointStore.class)
                .getBean(CheckpointStore.class).isInstanceOf(InMemoryCheckpointStore.class));
    }

    @Test
    void appliesVnodeCountRetentionAndOrphanMinAge() {
        contextRunner.withPropertyValues("checkpoint.vnode-count=1024", "checkpoint.retention=5",
                "checkpoint.orphan-cleanup.min-age=2h").run(context -> {
                    InMemoryCheckpointStore store = context.getBean(InMemoryCheckpointStore.class);
                    assertThat(store.vnodeCount()).isEqualTo(1024);
                    assertThat(store.maxRetained()).isEqualTo(5);
                    assertThat(store.orphanMinAge()).isEqualTo(Duration.ofHours(2));
                });
    }

    @Test
    void backsOffWhenUserDefinesStore() {
        InMemoryCheckpointStore own = InMemoryCheckpointStore.builder().vnodeCount(7).build();
        contextRunner.withBean(CheckpointStore.class, () -> own)
                .run(context -> assertThat(context).getBean(CheckpointStore.class).isSameAs(own));
    }

    @Test
    void appliesBuilderCustomizersInOrder() {
        contextRunner.withUserConfiguration(Customizers.class)
                .run(context -> assertThat(context.getBean(CheckpointStore.class).vnodeCount()).isEqualTo(20));
    }

    @Test
    void doesNothingWhenDisabled() {
        contextRunner.withPropertyValues("checkpoint.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointStore.class));
    }

    @Test
    void doesNothingForAnotherBackend() {
        contextRunner.withPropertyValues("checkpoint.backend=filesystem")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointStore.class));
    }

    @Test
    void failsWithClearMessageWhenVnodeCountIsZero() {
        contextRunner.withPropertyValues("checkpoint.vnode-count=0").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.vnode-count'", "'0'", "1..65535");
            assertThat(analysis.getAction()).startsWith("Set checkpoint.vnode-count to").contains("1 and 65535");
        });
    }

    @Test
    void failsWithClearMessageWhenVnodeCountIsTooLarge() {
        contextRunner.withPropertyValues("checkpoint.vnode-count=65536").run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
                    .contains("'checkpoint.vnode-count'", "'65536'");
        });
    }

    @Test
    void failsWithClearMessageWhenRetentionIsNegative() {
        contextRunner.withPropertyValues("checkpoint.retention=-1").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.retention'", "'-1'");
            assertThat(analysis.getAction()).contains("checkpoint.retention", "0 to keep them all");
        });
    }

    @Test
    void acceptsAnOrphanMinAgeBelowAMinute() {
        contextRunner.withPropertyValues("checkpoint.orphan-cleanup.min-age=0s").run(context -> assertThat(
                context.getBean(InMemoryCheckpointStore.class).orphanMinAge()).isZero());
    }

    @Test
    void failsWithClearMessageWhenOrphanMinAgeIsNegative() {
        contextRunner.withPropertyValues("checkpoint.orphan-cleanup.min-age=-1m").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.orphan-cleanup.min-age'", "must not be negative");
            assertThat(analysis.getAction()).contains("checkpoint.orphan-cleanup.min-age");
        });
    }

    @Test
    void appliesCustomizersOfEveryBuilderAndOfThisBackendInOneOrderButNotThoseOfAnother() {
        contextRunner.withUserConfiguration(MixedCustomizers.class).run(context -> {
            StoreDescription description = context.getBean(CheckpointStore.class).describe();
            assertThat(description.vnodeCount()).isEqualTo(30);
            assertThat(description.maxRetained()).isEqualTo(3);
        });
    }

    @Test
    void failsWithClearMessageWhenTheManifestLimitIsOutOfRange() {
        for (String size : new String[] { "0B", "3GB" }) {
            contextRunner.withPropertyValues("checkpoint.max-manifest-size=" + size).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("'checkpoint.max-manifest-size'");
                assertThat(analysis.getAction()).contains("checkpoint.max-manifest-size", "16MB");
            });
        }
    }

    static class MixedCustomizers {

        @org.springframework.context.annotation.Bean
        @Order(1)
        CheckpointStoreBuilderCustomizer<CheckpointStoreBuilder<?>> everyBackend() {
            return builder -> builder.vnodeCount(10).maxRetained(3);
        }

        @org.springframework.context.annotation.Bean
        @Order(2)
        InMemoryCheckpointStoreBuilderCustomizer thisBackend() {
            return builder -> builder.vnodeCount(30);
        }

        @org.springframework.context.annotation.Bean
        @Order(0)
        FileSystemCheckpointStoreBuilderCustomizer anotherBackend() {
            return builder -> {
                throw new AssertionError("a filesystem customizer must not see the in-memory builder");
            };
        }
    }

    static class Customizers {

        @org.springframework.context.annotation.Bean
        @Order(2)
        InMemoryCheckpointStoreBuilderCustomizer second() {
            return builder -> builder.vnodeCount(20);
        }

        @org.springframework.context.annotation.Bean
        @Order(1)
        InMemoryCheckpointStoreBuilderCustomizer first() {
            return builder -> builder.vnodeCount(10);
        }
    }
}
