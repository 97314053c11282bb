package dev.checkpointstore.core;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Facts about the chunks of sidecar state handed to {@link CheckpointStore#saveWithState} and
 * {@link CheckpointStore#saveStateData}, for layers that measure them.
 */
public final class StateChunks {

    private StateChunks() {
    }

    /**
     * The bytes the chunks hold: each chunk's {@link ByteBuffer#remaining() remaining} bytes.
     * A store refuses null chunks; they count as empty here so a layer in front of it can measure
     * before the store judges.
     * @param chunks the chunks
     * @return their total size
     */
    public static long size(List<ByteBuffer> chunks) {
        long total = 0;
        for (ByteBuffer chunk : chunks) {
            total += chunk == null ? 0 : chunk.remaining();
        }
        return total;
    }
}
