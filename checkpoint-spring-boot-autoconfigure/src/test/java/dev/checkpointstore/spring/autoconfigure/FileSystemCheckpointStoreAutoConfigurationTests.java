package dev.checkpointstore.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.fs.FileSystemCheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;

class FileSystemCheckpointStoreAutoConfigurationTests {

    @TempDir
    Path dir;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FileSystemCheckpointStoreAutoConfiguration.class));

    @Test
    void createsAFileSystemStoreByDefault() {
        contextRunner.withPropertyValues("checkpoint.filesystem.base-dir=" + dir).run(context -> {
            assertThat(context).getBean(CheckpointStore.class).isInstanceOf(FileSystemCheckpointStore.class);
            assertThat(context.getBean(CheckpointStore.class).location())
                    .isEqualTo(dir.resolve("checkpoints").toAbsolutePath().toString());
            assertThat(dir.resolve("checkpoints")).isDirectory();
        });
    }

    @Test
    void appliesRetentionVnodeCountAndOrphanMinAge() {
        contextRunner.withPropertyValues("checkpoint.filesystem.base-dir=" + dir, "checkpoint.retention=0",
                "checkpoint.vnode-count=64", "checkpoint.orphan-cleanup.min-age=15m").run(context -> {
                    FileSystemCheckpointStore store = context.getBean(FileSystemCheckpointStore.class);
                    assertThat(store.maxRetained()).isZero();
                    assertThat(store.vnodeCount()).isEqualTo(64);
                    assertThat(store.orphanMinAge()).hasMinutes(15);
                });
    }

    @Test
    void failsWithClearMessageWhenOrphanMinAgeIsBelowAMinute() {
        contextRunner.withPropertyValues("checkpoint.filesystem.base-dir=" + dir, "checkpoint.orphan-cleanup.min-age=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'checkpoint.orphan-cleanup.min-age'", "'PT0S'",
                            "must be at least 1m for the filesystem backend", "another process");
                    assertThat(analysis.getAction()).contains("checkpoint.orphan-cleanup.min-age", "at least 1m");
                    assertThat(dir.resolve("checkpoints")).doesNotExist();
                });
    }

    @Test
    void acceptsAnOrphanMinAgeOfOneMinute() {
        contextRunner.withPropertyValues("checkpoint.filesystem.base-dir=" + dir, "checkpoint.orphan-cleanup.min-age=1m")
                .run(context -> assertThat(context.getBean(FileSystemCheckpointStore.class).orphanMinAge())
                        .isEqualTo(java.time.Duration.ofMinutes(1)));
    }

    @Test
    void appliesBuilderCustomizers() {
        contextRunner.withPropertyValues("checkpoint.filesystem.base-dir=" + dir)
                .withBean(FileSystemCheckpointStoreBuilderCustomizer.class, () -> builder -> builder.vnodeCount(99))
                .run(context -> assertThat(context.getBean(CheckpointStore.class).vnodeCount()).isEqualTo(99));
    }

    @Test
    void backsOffWhenUserDefinesStore() {
        InMemoryCheckpointStore own = InMemoryCheckpointStore.builder().build();
        contextRunner.withPropertyValues("checkpoint.filesystem.base-dir=" + dir)
                .withBean(CheckpointStore.class, () -> own)
                .run(context -> {
                    assertThat(context).getBean(CheckpointStore.class).isSameAs(own);
                    assertThat(dir.resolve("checkpoints")).doesNotExist();
                });
    }

    @Test
    void failsWithClearMessageWhenBaseDirIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        contextRunner.withPropertyValues("checkpoint.filesystem.base-dir=" + file).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'checkpoint.filesystem.base-dir'", file.toString(),
                    "is not a directory");
            assertThat(analysis.getAction()).startsWith("Set checkpoint.filesystem.base-dir to a directory");
        });
    }
}
