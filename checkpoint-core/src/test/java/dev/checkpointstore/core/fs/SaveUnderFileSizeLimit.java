package dev.checkpointstore.core.fs;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import dev.checkpointstore.core.CheckpointIoException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.OperatorCheckpoint;

/**
 * The child of {@link FileSystemWriteFailureTest}, run under a file size limit ({@code ulimit -f})
 * so that writing a large sidecar fails part way with {@code EFBIG}, as a full disk would: it tries
 * a large save, reports the failure, then makes a small save.
 */
public final class SaveUnderFileSizeLimit {

    private SaveUnderFileSizeLimit() {
    }

    /**
     * Saves.
     *
     * @param args the base directory and the size of the large sidecar in bytes
     */
    public static void main(String[] args) {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(Path.of(args[0])).build();
        int size = Integer.parseInt(args[1]);
        try {
            store.saveWithState(manifest(1, size), List.of(ByteBuffer.allocate(size / 2), ByteBuffer.allocate(size / 2)));
            System.out.println("unexpectedly saved 1");
        }
        catch (CheckpointIoException ex) {
            System.out.println("failed: " + ex.getMessage());
        }
        store.saveWithState(manifest(2, 1024), List.of(ByteBuffer.allocate(1024)));
        System.out.println("saved 2");
    }

    private static CheckpointManifest manifest(long id, int size) {
        return CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(1).vnodeCount(256)
                .putOperatorState("op", OperatorCheckpoint.external(0, size)).build();
    }
}
