package dev.checkpointstore.core.fs;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.OperatorCheckpoint;

/**
 * The child of {@link FileSystemCrashTest}: recovers, cleans up orphans, then saves checkpoints
 * with sidecars (mixed inline and external operators, one to three chunks) in a loop, printing
 * {@code saved N} after each save returns, until it is killed.
 */
public final class CrashingSaver {

    private CrashingSaver() {
    }

    /**
     * Runs the loop.
     *
     * @param args the base directory and a random seed
     */
    public static void main(String[] args) {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(Path.of(args[0]))
                .maxRetained(4)
                .orphanMinAge(Duration.ZERO)
                .build();
        Random random = new Random(Long.parseLong(args[1]));
        store.cleanupOrphans();
        long id = store.recoverLatestValidated().chosenId().orElse(0) + 1;
        while (true) {
            List<ByteBuffer> chunks = new ArrayList<>();
            CheckpointManifest.Builder manifest = CheckpointManifest.builder().checkpointId(id).epoch(id)
                    .timestampMs(System.currentTimeMillis()).vnodeCount(256)
                    .putOperatorState("inline", OperatorCheckpoint.inline(new byte[] {(byte) id}));
            long offset = 0;
            int operators = 1 + random.nextInt(3);
            for (int i = 0; i < operators; i++) {
                byte[] state = new byte[random.nextInt(96 * 1024)];
                random.nextBytes(state);
                chunks.add(ByteBuffer.wrap(state));
                manifest.putOperatorState("op-" + i, OperatorCheckpoint.external(offset, state.length));
                offset += state.length;
            }
            store.saveWithState(manifest.build(), chunks);
            System.out.println("saved " + id);
            System.out.flush();
            id++;
        }
    }
}
