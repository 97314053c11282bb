package dev.checkpointstore.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointRecoveredEvent;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.CountingCheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryCheckpointStoreAutoConfiguration.class,
                    CheckpointAutoConfiguration.class));

    @Test
    void recoversOnceAtStartupFromTheLatestValidCheckpoint() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(3));
        contextRunner.withBean(CheckpointStore.class, () -> store).run(context -> {
            CheckpointRecovery recovery = context.getBean(CheckpointRecovery.class);
            assertThat(recovery.chosenId()).hasValue(3);
            assertThat(recovery.manifest()).isEqualTo(store.loadById(3));
            assertThat(recovery.nextCheckpointId()).isEqualTo(4);
            assertThat(store.calls("recoverLatestValidated")).isEqualTo(1);
            assertThat(store.calls("nextCheckpointId")).isEqualTo(1);
        });
    }

    @Test
    void recoveryIsAFreshStartOnAnEmptyStore() {
        contextRunner.withPropertyValues("checkpoint.backend=memory").run(context -> {
            CheckpointRecovery recovery = context.getBean(CheckpointRecovery.class);
            assertThat(recovery.chosenId()).isEmpty();
            assertThat(recovery.manifest()).isEmpty();
        });
    }

    @Test
    void recoveryAndItsEventReachLifecycleBeansBeforeTheyStart() {
        contextRunner.withBean(CheckpointStore.class, () -> TestCheckpoints.memoryStoreWith(2))
                .withUserConfiguration(RestoringService.class).run(context -> {
                    RestoringService service = context.getBean(RestoringService.class);
                    assertThat(service.log).containsExactly("event 2", "start with 2");
                });
    }

    @Test
    void recoversEagerlyUnderLazyInitialization() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(1));
        contextRunner.withBean(CheckpointStore.class, () -> store)
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new LazyInitializationBeanFactoryPostProcessor()))
                .run(context -> assertThat(store.calls("recoverLatestValidated")).isEqualTo(1));
    }

    @Test
    void providesTheInspectorAndTheOrphanCleaner() {
        contextRunner.withPropertyValues("checkpoint.backend=memory").run(context -> assertThat(context)
                .hasSingleBean(CheckpointInspector.class).hasSingleBean(CheckpointOrphanCleaner.class));
    }

    @Test
    void backsOffWhenThereIsNoStore() {
        contextRunner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CheckpointRecovery.class)
                .doesNotHaveBean(CheckpointInspector.class));
    }

    @Test
    void backsOffWhenUserDefinesRecovery() {
        CheckpointRecovery own = CheckpointRecovery.recover(InMemoryCheckpointStore.builder().build());
        contextRunner.withPropertyValues("checkpoint.backend=memory").withBean(CheckpointRecovery.class, () -> own)
                .run(context -> assertThat(context).getBean(CheckpointRecovery.class).isSameAs(own));
    }

    @Test
    void doesNothingWhenDisabled() {
        contextRunner.withBean(CheckpointStore.class, () -> TestCheckpoints.memoryStoreWith(1))
                .withPropertyValues("checkpoint.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointRecovery.class)
                        .doesNotHaveBean(CheckpointProperties.class));
    }

    @Test
    void failsStartupNamingTheStoreWhenRecoveryCannotReadIt() {
        CountingCheckpointStore store = new CountingCheckpointStore(InMemoryCheckpointStore.builder().build());
        store.failWith(new CheckpointBackendException("bucket 'cp' does not exist"));
        contextRunner.withBean(CheckpointStore.class, () -> store).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("at memory", "bucket 'cp' does not exist");
            assertThat(analysis.getAction()).contains("Make the checkpoint store reachable");
        });
    }

    @Test
    void failsWithClearMessageWhenBackendIsUnknown() {
        contextRunner.withPropertyValues("checkpoint.backend=cassandra").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("checkpoint.backend", "cassandra");
            assertThat(analysis.getAction()).contains("FILESYSTEM", "S3", "MEMORY");
        });
    }

    @Test
    void failsWithClearMessageWhenS3HasNoBucket() {
        contextRunner.withPropertyValues("checkpoint.backend=s3").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .isEqualTo("Invalid checkpoint configuration: property 'checkpoint.s3.bucket' is not set: "
                            + "a bucket is required when checkpoint.backend is s3.");
            assertThat(analysis.getAction()).startsWith("Set checkpoint.s3.bucket to the name of the bucket");
        });
    }

    @Test
    void failsWithClearMessageWhenCleanupIntervalIsZero() {
        contextRunner.withPropertyValues("checkpoint.backend=memory", "checkpoint.orphan-cleanup.interval=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.orphan-cleanup.interval'", "'PT0S'",
                            "must be positive");
                    assertThat(analysis.getAction()).contains("checkpoint.orphan-cleanup.enabled=false");
                });
    }

    @Test
    void failsWithClearMessageWhenCacheTtlIsNegative() {
        contextRunner.withPropertyValues("checkpoint.backend=memory", "checkpoint.recovery.cache-ttl=-5s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
                            .contains("'checkpoint.recovery.cache-ttl'", "must not be negative");
                });
    }

    static class RestoringService implements SmartLifecycle, ApplicationListener<CheckpointRecoveredEvent> {

        final List<String> log = new ArrayList<>();

        private final CheckpointRecovery recovery;

        private boolean running;

        RestoringService(CheckpointRecovery recovery) {
            this.recovery = recovery;
        }

        @Override
        public void onApplicationEvent(CheckpointRecoveredEvent event) {
            log.add("event " + describe(event.chosenId()));
        }

        @Override
        public void start() {
            log.add("start with " + describe(recovery.chosenId()));
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        private static String describe(OptionalLong id) {
            return id.isPresent() ? Long.toString(id.getAsLong()) : "none";
        }
    }
}
