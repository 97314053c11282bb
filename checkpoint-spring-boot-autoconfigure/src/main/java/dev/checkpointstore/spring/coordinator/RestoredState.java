package dev.checkpointstore.spring.coordinator;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;

/**
 * A {@link CheckpointParticipant}'s state in the checkpoint being restored, or the news that there
 * is none. Parts are read from the store when asked for, each on its own (a sidecar slice is read
 * without the rest of the sidecar).
 */
public final class RestoredState {

    private final @Nullable CheckpointStore store;
    private final @Nullable CheckpointManifest manifest;
    private final String participant;

    private RestoredState(@Nullable CheckpointStore store, @Nullable CheckpointManifest manifest, String participant) {
        this.store = store;
        this.manifest = manifest;
        this.participant = participant;
    }

    /**
     * A fresh start: no checkpoint to restore.
     * @param participant the participant's name
     * @return the state
     */
    public static RestoredState fresh(String participant) {
        return new RestoredState(null, null, Objects.requireNonNull(participant, "participant"));
    }

    /**
     * A participant's state in a stored checkpoint.
     * @param store the store holding the checkpoint
     * @param manifest the checkpoint's manifest
     * @param participant the participant's name
     * @return the state
     */
    public static RestoredState of(CheckpointStore store, CheckpointManifest manifest, String participant) {
        return new RestoredState(Objects.requireNonNull(store, "store"), Objects.requireNonNull(manifest, "manifest"),
                Objects.requireNonNull(participant, "participant"));
    }

    /**
     * Whether there is no checkpoint to restore from: the first start, or none of the stored
     * checkpoints is valid.
     * @return true on a fresh start
     */
    public boolean isFresh() {
        return manifest == null;
    }

    /**
     * The id of the checkpoint being restored.
     * @return the id (unsigned), empty on a fresh start
     */
    public OptionalLong checkpointId() {
        return manifest == null ? OptionalLong.empty() : OptionalLong.of(manifest.checkpointId());
    }

    /**
     * The names of the parts the checkpoint holds for this participant.
     * @return the names in the manifest's order, {@value StateSnapshot#SINGLE_PART} for the single
     *     part of {@link StateSnapshot#of(byte[])}; empty on a fresh start or when the checkpoint has
     *     no state for this participant
     */
    public Set<String> partNames() {
        if (manifest == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        String prefix = participant + "/";
        for (String key : manifest.operatorStates().keySet()) {
            if (key.equals(participant)) {
                names.add(StateSnapshot.SINGLE_PART);
            }
            else if (key.startsWith(prefix)) {
                names.add(key.substring(prefix.length()));
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * The single part of a state saved with {@link StateSnapshot#of(byte[])}.
     * @return the bytes, empty on a fresh start or when the checkpoint has no such part
     */
    public Optional<byte[]> state() {
        return part(StateSnapshot.SINGLE_PART);
    }

    /**
     * One part of the state.
     * @param name the part's name
     * @return the bytes, empty on a fresh start or when the checkpoint has no such part
     * @throws dev.checkpointstore.core.CorruptCheckpointException when the part cannot be read
     */
    public Optional<byte[]> part(String name) {
        if (manifest == null || store == null) {
            return Optional.empty();
        }
        String key = operatorKey(participant, name);
        if (!manifest.operatorStates().containsKey(key)) {
            return Optional.empty();
        }
        return store.loadOperatorState(manifest.checkpointId(), key);
    }

    /**
     * The key of a participant's part in the manifest's {@code operator_states}.
     * @param participant the participant's name
     * @param part the part's name, {@value StateSnapshot#SINGLE_PART} for the single part
     * @return {@code participant} or {@code participant/part}
     */
    static String operatorKey(String participant, String part) {
        return part.isEmpty() ? participant : participant + "/" + part;
    }
}
