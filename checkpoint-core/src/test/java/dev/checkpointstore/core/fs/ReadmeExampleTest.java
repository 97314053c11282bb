package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.RecoveryReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Using checkpoint-core" example, run twice over one directory: a fresh start, then
 * a restart that recovers what the first run saved.
 */
class ReadmeExampleTest {

    @TempDir
    Path tmp;

    @Test
    void readmeExampleRecoversWhatItSaved() {
        byte[] first = runExample(tmp, "first".getBytes(StandardCharsets.UTF_8));
        byte[] second = runExample(tmp, "second".getBytes(StandardCharsets.UTF_8));

        assertThat(first).isNull();
        assertThat(second).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
    }

    /** The README's code; returns the join state it recovered, or null on a fresh start. */
    private static byte[] runExample(Path dir, byte[] joinStateToSave) {
        byte[] recovered = null;
        CheckpointStore store = FileSystemCheckpointStore.builder(dir)
                .maxRetained(10)
                .orphanMinAge(Duration.ofHours(1))
                .build();

        RecoveryReport report = store.recoverLatestValidated();
        long nextId = store.nextCheckpointId();
        if (report.chosenId().isPresent()) {
            long id = report.chosenId().getAsLong();
            CheckpointManifest restored = store.loadById(id).orElseThrow();
            byte[] restoredJoin = store.loadOperatorState(id, "join").orElseThrow();
            assertThat(restored.sourceOffsets().get("kafka-clicks").offsets()).containsEntry("partition-0", "1234");
            recovered = restoredJoin;
        }

        byte[] aggState = {1, 2, 3};
        byte[] joinState = joinStateToSave;
        CheckpointManifest manifest = CheckpointManifest.builder()
                .checkpointId(nextId)
                .epoch(nextId)
                .timestampMs(System.currentTimeMillis())
                .vnodeCount(CheckpointStore.DEFAULT_VNODE_COUNT)
                .putSourceOffset("kafka-clicks", ConnectorCheckpoint.of(Map.of("partition-0", "1234"), nextId))
                .putOperatorState("window-agg", OperatorCheckpoint.inline(aggState))
                .putOperatorState("join", OperatorCheckpoint.external(0, joinState.length))
                .build();
        store.saveWithState(manifest, List.of(ByteBuffer.wrap(joinState)));

        assertThat(store.validateCheckpoint(nextId).valid()).isTrue();
        return recovered;
    }
}
