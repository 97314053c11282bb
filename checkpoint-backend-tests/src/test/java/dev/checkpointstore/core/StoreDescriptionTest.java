package dev.checkpointstore.core;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.checkpointstore.core.fs.FileSystemCheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StoreDescriptionTest {

    @TempDir
    Path dir;

    @Test
    void aStoreDescribesItsBackendLocationAndSettings() {
        FileSystemCheckpointStore fs = FileSystemCheckpointStore.builder(dir).vnodeCount(64).maxRetained(5)
                .orphanMinAge(Duration.ofMinutes(15)).build();
        InMemoryCheckpointStore memory = InMemoryCheckpointStore.builder().build();

        assertThat(fs.describe()).isEqualTo(new StoreDescription("filesystem",
                dir.resolve("checkpoints").toAbsolutePath().toString(), 64, 5, Duration.ofMinutes(15)));
        assertThat(memory.describe()).isEqualTo(new StoreDescription("memory", "memory",
                CheckpointStore.DEFAULT_VNODE_COUNT, 0, CheckpointStore.DEFAULT_ORPHAN_MIN_AGE));
        assertThat(fs.location()).isEqualTo(fs.describe().location());
        assertThat(fs.vnodeCount()).isEqualTo(fs.describe().vnodeCount());
    }

    @Test
    void forwardingLayersShowTheDescriptionAndPruneFailuresOfTheStoreBehindThem() {
        InMemoryCheckpointStore inner = InMemoryCheckpointStore.builder().vnodeCount(8).maxRetained(2).build();
        ForwardingCheckpointStore once = () -> inner;
        ForwardingCheckpointStore twice = () -> once;
        DeletionFailingStore failing = new DeletionFailingStore(inner);
        ForwardingCheckpointStore overFailing = () -> failing;
        failing.refuseDeletionOf(1L);
        for (long id = 1; id <= 3; id++) {
            failing.save(CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(1_764_000_000_000L + id).build());
        }

        assertThat(twice.describe()).isEqualTo(inner.describe());
        assertThat(twice.describe().backend()).isEqualTo(InMemoryCheckpointStore.BACKEND);
        assertThat(overFailing.pruneFailures()).isEqualTo(failing.pruneFailures()).isPositive();
        assertThat(twice.pruneFailures()).isZero();
    }

    @Test
    void refusesValuesNoStoreCouldHave() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new StoreDescription(" ", "x", 1, 0, Duration.ZERO)).withMessageContaining("backend");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new StoreDescription("x", "x", 0, 0, Duration.ZERO)).withMessageContaining("vnode");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new StoreDescription("x", "x", 1, -1, Duration.ZERO)).withMessageContaining("maxRetained");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new StoreDescription("x", "x", 1, 0, Duration.ofSeconds(-1)))
                .withMessageContaining("orphanMinAge");
    }
}
