package dev.checkpointstore.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.coordinator.CheckpointCompletedEvent;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinatorLifecycle;
import dev.checkpointstore.spring.coordinator.CheckpointParticipant;
import dev.checkpointstore.spring.coordinator.CheckpointRestoreException;
import dev.checkpointstore.spring.coordinator.CheckpointSource;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;
import dev.checkpointstore.spring.coordinator.RestoredState;
import dev.checkpointstore.spring.coordinator.StateSnapshot;
import dev.checkpointstore.spring.coordinator.TransactionalSink;
import dev.checkpointstore.spring.coordinator.kafka.KafkaListenerEnrollment;

import static dev.checkpointstore.spring.autoconfigure.CheckpointOrphanCleanupAutoConfigurationTests.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

class CheckpointCoordinatorAutoConfigurationTests {

    private final InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CheckpointAutoConfiguration.class,
                    CheckpointCoordinatorAutoConfiguration.class, KafkaCheckpointCoordinatorAutoConfiguration.class))
            .withBean(CheckpointStore.class, () -> store)
            .withPropertyValues("checkpoint.coordinator.enabled=true", "checkpoint.coordinator.interval=0");

    @Test
    void isOffUnlessEnabled() {
        contextRunner.withPropertyValues("checkpoint.coordinator.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointCoordinator.class)
                        .doesNotHaveBean(CheckpointCoordinatorLifecycle.class));
    }

    @Test
    void backsOffWhenCheckpointsAreDisabled() {
        contextRunner.withPropertyValues("checkpoint.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CheckpointCoordinator.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsCoordinator() {
        CheckpointCoordinator own = CheckpointCoordinator.builder(store).build();
        contextRunner.withBean(CheckpointCoordinator.class, () -> own).run(context -> {
            assertThat(context).getBean(CheckpointCoordinator.class).isSameAs(own);
            assertThat(own.isRestored()).isTrue();
        });
    }

    @Test
    void registersTheParticipantSinkAndSourceBeansAndRestoresThemBeforeAnyLifecycleBeanStarts() {
        saveCheckpoint(5, "41");
        contextRunner.withUserConfiguration(Pipeline.class).run(context -> {
            Pipeline pipeline = context.getBean(Pipeline.class);
            assertThat(pipeline.log).containsExactly("restore source at 41", "restore participant from 5",
                    "abort sink after 5", "start early lifecycle", "start default lifecycle");
            CheckpointCoordinator coordinator = context.getBean(CheckpointCoordinator.class);
            assertThat(coordinator.participantNames()).containsExactly("ops");
            assertThat(coordinator.sources()).containsOnlyKeys("seq");
            assertThat(coordinator.restoredCheckpointId()).hasValue(5);
        });
    }

    @Test
    void takesIdsFromTheStartupRecovery() {
        saveCheckpoint(5, "41");
        contextRunner.withUserConfiguration(Pipeline.class).run(context -> assertThat(
                context.getBean(CheckpointCoordinator.class).checkpoint().checkpointId()).isEqualTo(6));
    }

    @Test
    void checkpointsEveryIntervalWhenThereIsProgressAndPublishesEachOne() {
        List<CheckpointCompletedEvent> events = new CopyOnWriteArrayList<>();
        contextRunner.withUserConfiguration(Pipeline.class)
                .withPropertyValues("checkpoint.coordinator.interval=20ms", "checkpoint.coordinator.pipeline-id=ops v1")
                .withBean("listener", org.springframework.context.ApplicationListener.class,
                        () -> (org.springframework.context.ApplicationListener<CheckpointCompletedEvent>) events::add)
                .run(context -> {
                    context.getBean(Pipeline.class).position.set(7);
                    awaitUntil(() -> !events.isEmpty());
                    CheckpointManifest manifest = store.loadLatest().orElseThrow();
                    assertThat(manifest.sourceOffsets().get("seq").offsets()).containsEntry("seq", "7");
                    assertThat(manifest.pipelineHash()).hasValue(CheckpointCoordinator.pipelineHash("ops v1"));
                    assertThat(events).first().satisfies(
                            event -> assertThat(event.getResult().trigger()).isEqualTo(CheckpointTrigger.INTERVAL));
                    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(thread -> thread.isDaemon()
                            && thread.getName().startsWith(CheckpointCoordinatorLifecycle.THREAD_NAME_PREFIX));
                });
    }

    @Test
    void takesALastCheckpointWhenTheContextCloses() {
        contextRunner.withUserConfiguration(Pipeline.class)
                .run(context -> context.getBean(Pipeline.class).position.set(12));

        assertThat(store.loadLatest()).map(m -> m.sourceOffsets().get("seq").offsets().get("seq")).hasValue("12");
    }

    @Test
    void noLastCheckpointWhenTurnedOff() {
        contextRunner.withUserConfiguration(Pipeline.class)
                .withPropertyValues("checkpoint.coordinator.checkpoint-on-shutdown=false")
                .run(context -> context.getBean(Pipeline.class).position.set(12));

        assertThat(store.listIds()).isEmpty();
    }

    @Test
    void failsStartupNamingABadProperty() {
        contextRunner.withPropertyValues("checkpoint.coordinator.interval=-1s").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.coordinator.interval"));
    }

    @Test
    void failsStartupWhenTheCheckpointBelongsToAnotherPipeline() {
        saveCheckpoint(2, "1");
        contextRunner.withPropertyValues("checkpoint.coordinator.pipeline-id=other").run(context -> {
            assertThat(context).hasFailed().getFailure().isInstanceOf(CheckpointRestoreException.class)
                    .hasMessageContaining("was written by another pipeline");
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("could not restore the application")
                    .contains("checkpoint.coordinator.pipeline-id 'other'");
            assertThat(analysis.getAction()).contains("remove the checkpoints together with the sinks' output");
        });
    }

    @Test
    void enrollsKafkaListenersOnlyWithSpringKafka() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(KafkaListenerEnrollment.class));
        contextRunner.withClassLoader(new FilteredClassLoader(KafkaListenerEndpointRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaListenerEnrollment.class)
                        .hasSingleBean(CheckpointCoordinator.class));
        contextRunner.withPropertyValues("checkpoint.coordinator.kafka.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KafkaListenerEnrollment.class));
    }

    private void saveCheckpoint(long id, String seq) {
        store.save(CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(1).vnodeCount(store.vnodeCount())
                .putSourceOffset("seq", ConnectorCheckpoint.of(Map.of("seq", seq), id)).build());
    }

    /** A participant, a sink and a source as beans, and two lifecycle beans that log their start. */
    @Configuration(proxyBeanMethods = false)
    static class Pipeline {

        final List<String> log = new ArrayList<>();

        final AtomicLong position = new AtomicLong(-1);

        @Bean
        CheckpointParticipant participant() {
            return new CheckpointParticipant() {
                @Override
                public String name() {
                    return "ops";
                }

                @Override
                public StateSnapshot snapshot() {
                    return StateSnapshot.of(new byte[] {1});
                }

                @Override
                public void restore(RestoredState state) {
                    log.add(state.isFresh() ? "restore participant fresh"
                            : "restore participant from " + state.checkpointId().getAsLong());
                }
            };
        }

        @Bean
        TransactionalSink sink() {
            return new TransactionalSink() {
                @Override
                public String name() {
                    return "out";
                }

                @Override
                public void preCommit(long epoch) {
                }

                @Override
                public void commit(long epoch) {
                }

                @Override
                public void abort(long epoch) {
                    log.add("abort sink after " + (epoch - 1));
                }
            };
        }

        @Bean
        CheckpointSource source() {
            return new CheckpointSource() {
                @Override
                public String name() {
                    return "seq";
                }

                @Override
                public Map<String, String> offsets() {
                    return position.get() < 0 ? Map.of() : Map.of("seq", Long.toString(position.get()));
                }

                @Override
                public void restore(Optional<ConnectorCheckpoint> checkpoint) {
                    checkpoint.ifPresent(c -> {
                        log.add("restore source at " + c.offsets().get("seq"));
                        position.set(Long.parseLong(c.offsets().get("seq")));
                    });
                }
            };
        }

        @Bean
        SmartLifecycle earlyLifecycle() {
            return new LoggingLifecycle("early", Integer.MIN_VALUE, log);
        }

        @Bean
        SmartLifecycle defaultLifecycle() {
            return new LoggingLifecycle("default", SmartLifecycle.DEFAULT_PHASE, log);
        }
    }

    private static final class LoggingLifecycle implements SmartLifecycle {

        private final String name;
        private final int phase;
        private final List<String> log;
        private volatile boolean running;

        LoggingLifecycle(String name, int phase, List<String> log) {
            this.name = name;
            this.phase = phase;
            this.log = log;
        }

        @Override
        public void start() {
            log.add("start " + name + " lifecycle");
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

        @Override
        public int getPhase() {
            return phase;
        }
    }
}
