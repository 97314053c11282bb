package dev.checkpointstore.spring.coordinator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.OperatorCheckpoint;

/**
 * Where each part of a checkpoint's state goes: a part of at most the inline threshold into the
 * manifest, a larger one into the sidecar as its own chunk (the chunks are written in order, never
 * concatenated in memory).
 */
final class StateLayout {

    private final Map<String, OperatorCheckpoint> operatorStates = new LinkedHashMap<>();
    private final List<ByteBuffer> sidecar = new ArrayList<>();
    private long sidecarBytes;
    private long inlineBytes;

    /**
     * Lays out state parts.
     * @param parts the parts by operator key, in storage order
     * @param inlineThreshold the largest part kept inline, in bytes
     */
    StateLayout(Map<String, byte[]> parts, int inlineThreshold) {
        parts.forEach((key, bytes) -> {
            OperatorCheckpoint state = OperatorCheckpoint.fromBytes(bytes, inlineThreshold, sidecarBytes);
            operatorStates.put(key, state);
            if (state.external()) {
                sidecar.add(ByteBuffer.wrap(bytes));
                sidecarBytes += bytes.length;
            }
            else {
                inlineBytes += bytes.length;
            }
        });
    }

    Map<String, OperatorCheckpoint> operatorStates() {
        return operatorStates;
    }

    /** @return the sidecar's chunks, or null when every part is inline */
    @Nullable List<ByteBuffer> sidecarOrNull() {
        return sidecar.isEmpty() ? null : sidecar;
    }

    long sidecarBytes() {
        return sidecarBytes;
    }

    long inlineBytes() {
        return inlineBytes;
    }
}
