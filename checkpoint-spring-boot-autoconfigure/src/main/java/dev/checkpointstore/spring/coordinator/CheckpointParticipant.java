package dev.checkpointstore.spring.coordinator;

/**
 * Application state that a checkpoint saves and a restart restores: an operator's aggregates, a
 * deduplication set, anything the records processed so far have built up. Declare one as a bean
 * and the auto-configured {@link CheckpointCoordinator} takes it into every checkpoint.
 *
 * <p>{@link #snapshot()} is called during the cut, while no enrolled thread is processing a
 * record, so the state it returns belongs to exactly the records the sources' positions say were
 * processed. It should be quick (the listeners wait for it): copy or serialize, and leave the I/O
 * to the coordinator, which stores small parts inline in the manifest and large ones in the
 * sidecar ({@code checkpoint.coordinator.inline-threshold}).
 *
 * <p>{@link #restore(RestoredState)} is called exactly once, before any listener container or
 * {@code SmartLifecycle} starts, with the state of the checkpoint the startup recovery chose, or
 * with {@link RestoredState#isFresh() a fresh start}.
 */
public interface CheckpointParticipant {

    /**
     * The participant's name: the key of its state in the manifest's {@code operator_states}
     * (parts are stored as {@code name/part}). Unique among participants, not empty, without
     * {@code /}, and stable across releases: a renamed participant starts fresh.
     * @return the name
     */
    String name();

    /**
     * The participant's state now, for a checkpoint. Called on the checkpointing thread while every
     * enrolled processing thread is between records. The coordinator takes ownership of the
     * returned arrays; do not change them afterwards.
     * @return the state, in one or several parts
     */
    StateSnapshot snapshot();

    /**
     * Replaces the participant's state with a checkpoint's, or tells it that it starts fresh.
     * Called once, before processing starts.
     * @param state the restored state
     */
    void restore(RestoredState state);
}
