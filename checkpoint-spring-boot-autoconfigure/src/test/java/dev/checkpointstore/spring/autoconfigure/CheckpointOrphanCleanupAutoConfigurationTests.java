package dev.checkpointstore.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.TaskScheduler;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.scheduling.OrphanCleanupScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointOrphanCleanupAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryCheckpointStoreAutoConfiguration.class,
                    CheckpointAutoConfiguration.class, CheckpointOrphanCleanupAutoConfiguration.class))
            .withPropertyValues("checkpoint.backend=memory");

    @Test
    void schedulesCleanupWithTheContext() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(OrphanCleanupScheduler.class);
            assertThat(context.getBean(OrphanCleanupScheduler.class).isRunning()).isTrue();
        });
    }

    @Test
    void removesOldOrphansOnScheduleAndSparesFreshOnes() {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().orphanMinAge(Duration.ofHours(1)).build();
        byte[] state = "orphan".getBytes(StandardCharsets.UTF_8);
        store.putRawState(41, state, Instant.now().minus(Duration.ofHours(2)));
        store.putRawState(42, state, Instant.now());
        contextRunner.withBean(CheckpointStore.class, () -> store)
                .withPropertyValues("checkpoint.orphan-cleanup.initial-delay=0s",
                        "checkpoint.orphan-cleanup.interval=100ms")
                .run(context -> {
                    awaitUntil(() -> store.openStateData(41).isEmpty());
                    assertThat(store.openStateData(42)).as("the fresh orphan").isPresent();
                });
    }

    @Test
    void runsOnItsOwnDaemonThreadWithoutATaskSchedulerBean() {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().orphanMinAge(Duration.ZERO).build();
        store.putRawState(7, new byte[1], Instant.now().minusSeconds(1));
        contextRunner.withBean(CheckpointStore.class, () -> store)
                .withPropertyValues("checkpoint.orphan-cleanup.initial-delay=0s").run(context -> {
                    assertThat(context).doesNotHaveBean(TaskScheduler.class);
                    awaitUntil(() -> store.openStateData(7).isEmpty());
                    assertThat(cleanupThreads()).isNotEmpty().allMatch(Thread::isDaemon);
                });
    }

    @Test
    void stopsWithTheContext() {
        OrphanCleanupScheduler[] scheduler = new OrphanCleanupScheduler[1];
        contextRunner.run(context -> scheduler[0] = context.getBean(OrphanCleanupScheduler.class));

        assertThat(scheduler[0].isRunning()).isFalse();
        awaitUntil(() -> cleanupThreads().isEmpty());
    }

    @Test
    void cleanupIsOffByProperty() {
        contextRunner.withPropertyValues("checkpoint.orphan-cleanup.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OrphanCleanupScheduler.class));
    }

    @Test
    void backsOffWhenDisabled() {
        contextRunner.withPropertyValues("checkpoint.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OrphanCleanupScheduler.class));
    }

    private static Set<Thread> cleanupThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(OrphanCleanupScheduler.THREAD_NAME_PREFIX))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Waits for something the scheduler does in the background; a generous limit guards against a hang. */
    static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the condition").isLessThan(deadline);
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }
}
