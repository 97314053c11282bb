package dev.checkpointstore.spring.coordinator;

/**
 * An output that commits in step with checkpoints (two-phase commit), so that what it publishes
 * is exactly what the restored state has seen, however often the process dies. Declare one as a
 * bean and the auto-configured {@link CheckpointCoordinator} drives it; epochs are checkpoint ids.
 *
 * <ol>
 * <li>During the cut of checkpoint {@code N}, while no record is being processed, the coordinator
 * calls {@link #preCommit(long) preCommit(N)}: everything written since the previous pre-commit
 * becomes epoch {@code N}, durable but not yet visible, and a new epoch starts.</li>
 * <li>The checkpoint is saved with {@code sink_epochs[name] = N} and
 * {@code sink_commit_statuses[name] = "Pending"}.</li>
 * <li>The coordinator calls {@link #commit(long) commit(N)} and records {@code "Committed"} in the
 * manifest, or {@code {"Failed": reason}} when the commit threw.</li>
 * </ol>
 *
 * <p>On start the coordinator aligns the sink with the checkpoint it restores: it calls
 * {@code commit(N)} for the epoch {@code N} that checkpoint promised (the previous process may
 * have died before committing it) and {@link #abort(long) abort(N + 1)} for everything after it,
 * which the restored state has not seen and will produce again. On a fresh start it calls
 * {@code abort(1)}.
 *
 * <p>All three methods must be idempotent and must work across restarts: {@code commit} and
 * {@code abort} are called by a new process for epochs an earlier one pre-committed.
 */
public interface TransactionalSink {

    /**
     * The sink's name: its key in {@code sink_epochs} and {@code sink_commit_statuses}. Unique among
     * sinks and stable across releases.
     * @return the name
     */
    String name();

    /**
     * Seals everything written since the previous pre-commit as {@code epoch} and makes it durable,
     * without publishing it. Called during the cut, on the checkpointing thread.
     * @param epoch the epoch, the id of the checkpoint being taken
     */
    void preCommit(long epoch);

    /**
     * Publishes every pre-committed epoch up to and including {@code epoch}. An epoch already
     * published, or one that was never pre-committed, is left as it is. Called after the checkpoint
     * of {@code epoch} is saved, and on start for the epoch the restored checkpoint promised. A
     * commit that fails is retried by the next checkpoint's commit, which covers it.
     * @param epoch the epoch
     */
    void commit(long epoch);

    /**
     * Discards every epoch from {@code epoch} on, pre-committed or published: no saved checkpoint
     * that the state is restored from has seen their records, which will be processed again.
     * Called on start, before processing.
     * @param epoch the first epoch to discard
     */
    void abort(long epoch);
}
