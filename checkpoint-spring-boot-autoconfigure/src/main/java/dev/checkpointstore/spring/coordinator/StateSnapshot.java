package dev.checkpointstore.spring.coordinator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link CheckpointParticipant} returns for a checkpoint: its state as named parts. Each
 * part becomes one entry of the manifest's {@code operator_states}: {@code name} for the single
 * unnamed part of {@link #of(byte[])}, {@code name/part} for the parts of {@link #ofParts(Map)}.
 * Parts are placed on their own: each small one inline, each large one as a slice of the sidecar,
 * and a restore can read one part without the others.
 */
public final class StateSnapshot {

    /** The name of the single part of {@link #of(byte[])}. */
    public static final String SINGLE_PART = "";

    private static final StateSnapshot EMPTY = new StateSnapshot(Map.of());

    private final Map<String, byte[]> parts;

    private StateSnapshot(Map<String, byte[]> parts) {
        this.parts = parts;
    }

    /**
     * State in one part.
     * @param state the bytes; the coordinator takes ownership of the array
     * @return the snapshot
     */
    public static StateSnapshot of(byte[] state) {
        Objects.requireNonNull(state, "state");
        return new StateSnapshot(Map.of(SINGLE_PART, state));
    }

    /**
     * State in named parts, stored in the order given.
     * @param parts the parts by name: not empty and without {@code /}; the coordinator takes
     *     ownership of the arrays
     * @return the snapshot
     * @throws IllegalArgumentException when a name is empty or contains {@code /}
     */
    public static StateSnapshot ofParts(Map<String, byte[]> parts) {
        Objects.requireNonNull(parts, "parts");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        parts.forEach((name, bytes) -> {
            if (name.isEmpty() || name.indexOf('/') >= 0) {
                throw new IllegalArgumentException("a state part name must not be empty or contain '/', was '" + name
                        + "'");
            }
            copy.put(name, Objects.requireNonNull(bytes, () -> "state part '" + name + "'"));
        });
        return new StateSnapshot(Collections.unmodifiableMap(copy));
    }

    /**
     * No state at all: nothing is stored for the participant.
     * @return the empty snapshot
     */
    public static StateSnapshot empty() {
        return EMPTY;
    }

    /**
     * The parts, in storage order; the single part of {@link #of(byte[])} is named
     * {@value #SINGLE_PART}.
     * @return the parts by name, unmodifiable
     */
    public Map<String, byte[]> parts() {
        return parts;
    }
}
