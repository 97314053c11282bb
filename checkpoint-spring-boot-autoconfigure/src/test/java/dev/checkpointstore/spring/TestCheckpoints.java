package dev.checkpointstore.spring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

/**
 * Checkpoints for tests: manifests with a sidecar, and ways to damage them.
 */
public final class TestCheckpoints {

    /** The timestamp of checkpoint 1; checkpoint N is N - 1 ms later. */
    public static final long BASE_TIMESTAMP_MS = 1_764_000_000_000L;

    private TestCheckpoints() {
    }

    /**
     * A manifest whose one operator lives in a sidecar of {@code stateBytes} bytes.
     * @param id the checkpoint id, also its epoch
     * @param stateBytes the sidecar's length
     * @return the manifest (its checksum is stamped by saveWithState)
     */
    public static CheckpointManifest manifest(long id, int stateBytes) {
        return CheckpointManifest.builder()
                .checkpointId(id)
                .epoch(id)
                .timestampMs(BASE_TIMESTAMP_MS + id - 1)
                .vnodeCount(CheckpointStore.DEFAULT_VNODE_COUNT)
                .putOperatorState("join", OperatorCheckpoint.external(0, stateBytes))
                .build();
    }

    /**
     * Saves a checkpoint with a sidecar.
     * @param store the store
     * @param id the checkpoint id
     * @return the manifest saved
     */
    public static CheckpointManifest save(CheckpointStore store, long id) {
        byte[] state = ("state of checkpoint " + id).getBytes(StandardCharsets.UTF_8);
        CheckpointManifest manifest = manifest(id, state.length);
        store.saveWithState(manifest, List.of(ByteBuffer.wrap(state)));
        return store.loadById(id).orElseThrow();
    }

    /**
     * Replaces a saved checkpoint's sidecar with other bytes, so its checksum no longer matches.
     * @param store the store
     * @param id the checkpoint
     */
    public static void corruptState(InMemoryCheckpointStore store, long id) {
        store.putRawState(id, "not the state".getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /**
     * An in-memory store holding checkpoints 1..count.
     * @param count how many
     * @return the store
     */
    public static InMemoryCheckpointStore memoryStoreWith(int count) {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();
        for (long id = 1; id <= count; id++) {
            save(store, id);
        }
        return store;
    }
}
