package dev.checkpointstore.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.autoconfigure.CheckpointAutoConfiguration;
import dev.checkpointstore.spring.autoconfigure.CheckpointCoordinatorAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineLifecycleTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();

    private ApplicationContextRunner runner(long total) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CheckpointAutoConfiguration.class,
                        CheckpointCoordinatorAutoConfiguration.class))
                .withUserConfiguration(SampleConfiguration.class, GeneratorModeConfiguration.class)
                .withBean(CheckpointStore.class, () -> store)
                .withPropertyValues("sample.events.total=" + total, "sample.events.keys=500",
                        "sample.output-file=" + dir.resolve("out/result.json"), "checkpoint.coordinator.enabled=true",
                        "checkpoint.coordinator.pipeline-id=lifecycle-tests total=" + total,
                        "checkpoint.orphan-cleanup.enabled=false");
    }

    @Test
    void runsThePipelineOnItsOwnThreadUntilTheResultIsWritten() {
        runner(20_000).withPropertyValues("checkpoint.coordinator.interval=5ms").run(context -> {
            assertThat(context).hasNotFailed();
            await(() -> Files.exists(dir.resolve("out/result.json")));
            assertThat(read(dir.resolve("out/result.json"))).isEqualTo(ExpectedResult.of(20_000, 500));
            assertThat(store.loadLatest()).map(this::offset).hasValue("19999");
            assertThat(context.getBean(PipelineLifecycle.class).isRunning()).isTrue();
        });
    }

    @Test
    void closingTheContextCheckpointsWhereThePipelineStoodAndTheNextStartResumesThere() {
        long[] seen = new long[1];
        runner(200_000).withPropertyValues("checkpoint.coordinator.interval=1h", "sample.events.rate=20000").run(context -> {
            PipelineLifecycle lifecycle = context.getBean(PipelineLifecycle.class);
            await(() -> lifecycle.eventsProcessed() > 0);
            seen[0] = lifecycle.eventsProcessed();
            assertThat(store.listIds()).isEmpty();
        });
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("sample-pipeline") && t.isAlive());
        assertThat(store.listIds()).hasSize(1);
        long stoppedAt = Long.parseLong(offset(store.loadLatest().orElseThrow())) + 1;
        assertThat(stoppedAt).isGreaterThanOrEqualTo(seen[0]).isLessThan(200_000);

        runner(200_000).withPropertyValues("checkpoint.coordinator.interval=20ms").run(context -> {
            await(() -> Files.exists(dir.resolve("out/result.json")));
            assertThat(read(dir.resolve("out/result.json"))).isEqualTo(ExpectedResult.of(200_000, 500));
        });
    }

    @Test
    void aBadSettingFailsStartupNamingTheProperty() {
        runner(0).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessage("sample.events.total must be at least 1, was 0"));
        runner(10).withPropertyValues("checkpoint.coordinator.interval=-1s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("checkpoint.coordinator.interval"));
        runner(10).withPropertyValues("sample.events.rate=-5").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("sample.events.rate must be >= 0"));
    }

    @Test
    void refusesToResumeFromACheckpointOfOtherSettings() {
        runner(20_000).run(context -> await(() -> Files.exists(dir.resolve("out/result.json"))));
        runner(30_000).run(context -> assertThat(context).hasFailed().getFailure()
                .hasMessageContaining("was written by another pipeline")
                .hasMessageContaining("checkpoint.coordinator.pipeline-id 'lifecycle-tests total=30000'"));
    }

    private String offset(CheckpointManifest manifest) {
        return manifest.sourceOffsets().get("generator").offsets().get("offset");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            Thread.sleep(10);
        }
    }

}
