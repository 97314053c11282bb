package dev.checkpointstore.core;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The state of one operator: either inline in the manifest (base64) or external, a slice of the
 * checkpoint's sidecar ({@code state.bin}).
 *
 * @param stateB64 inline state, standard base64 with padding; {@code null} for external state
 * @param external whether the state lives in the sidecar
 * @param externalOffset offset of the state in the sidecar (unsigned 64-bit)
 * @param externalLength length of the state in the sidecar (unsigned 64-bit)
 */
public record OperatorCheckpoint(@Nullable String stateB64, boolean external, long externalOffset,
        long externalLength) {

    /**
     * Inline state.
     * @param data the state bytes
     * @return an inline operator checkpoint
     */
    public static OperatorCheckpoint inline(byte[] data) {
        Objects.requireNonNull(data, "data");
        return new OperatorCheckpoint(Base64.getEncoder().encodeToString(data), false, 0, 0);
    }

    /**
     * External state at {@code [offset, offset + length)} of the sidecar. Both are unsigned 64-bit
     * values, as in LaminarDB; a slice that lies outside the sidecar is reported corrupt when read.
     * @param offset offset in the sidecar (unsigned)
     * @param length length in bytes (unsigned)
     * @return an external operator checkpoint
     */
    public static OperatorCheckpoint external(long offset, long length) {
        return new OperatorCheckpoint(null, true, offset, length);
    }

    /**
     * Places state inline when it is at most {@code threshold} bytes, otherwise external at
     * {@code currentOffset}; the caller then appends {@code data} to the sidecar at that offset.
     * @param data the state bytes
     * @param threshold the largest state kept inline
     * @param currentOffset the sidecar length so far, where external state would start
     * @return the operator checkpoint; {@link #external()} tells whether {@code data} belongs in the sidecar
     */
    public static OperatorCheckpoint fromBytes(byte[] data, int threshold, long currentOffset) {
        Objects.requireNonNull(data, "data");
        return data.length <= threshold ? inline(data) : external(currentOffset, data.length);
    }

    /**
     * Decodes inline state.
     * @return the inline bytes, or empty for external state or a null {@code state_b64}
     * @throws CorruptCheckpointException when {@code state_b64} is not valid base64
     */
    public Optional<byte[]> decodeInline() {
        if (external || stateB64 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(stateB64));
        }
        catch (IllegalArgumentException ex) {
            throw new CorruptCheckpointException("state_b64 is not valid base64: " + ex.getMessage(), ex);
        }
    }
}
