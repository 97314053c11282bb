package dev.checkpointstore.spring;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.RecoveryReport;

/**
 * The application's startup recovery: the one walk of {@link CheckpointStore#recoverLatestValidated()}
 * made when the context starts, the manifest it chose, and the id the application's next
 * checkpoint takes. Inject it into the component that restores state (an {@code ApplicationRunner}
 * or a {@code SmartLifecycle}): the walk is done before any of them starts.
 *
 * <pre>{@code
 * recovery.manifest().ifPresentOrElse(this::restoreFrom, this::startFresh);
 * long nextId = recovery.nextCheckpointId();   // not chosenId() + 1: a crashed save may have left state there
 * }</pre>
 */
public final class CheckpointRecovery {

    private final RecoveryReport report;
    private final Optional<CheckpointManifest> manifest;
    private final long nextCheckpointId;

    /**
     * Creates a recovery from a finished walk.
     * @param report the walk's report
     * @param manifest the chosen checkpoint's manifest, empty exactly when the report chose none
     * @param nextCheckpointId the store's {@link CheckpointStore#nextCheckpointId()}, past the chosen
     *     id (unsigned)
     */
    public CheckpointRecovery(RecoveryReport report, Optional<CheckpointManifest> manifest, long nextCheckpointId) {
        this.report = Objects.requireNonNull(report, "report");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        if (report.chosenId().isPresent() != manifest.isPresent()) {
            throw new IllegalArgumentException("the manifest must be present exactly when the report chose a checkpoint");
        }
        if (nextCheckpointId == 0 || report.chosenId().isPresent()
                && Long.compareUnsigned(nextCheckpointId, report.chosenId().getAsLong()) <= 0) {
            throw new IllegalArgumentException("the next checkpoint id must be past the chosen checkpoint "
                    + report.chosenId().stream().mapToObj(Long::toUnsignedString).findFirst().orElse("(none)")
                    + ", was " + Long.toUnsignedString(nextCheckpointId));
        }
        this.nextCheckpointId = nextCheckpointId;
    }

    /**
     * Walks a store from its newest checkpoint down, loads the manifest of the one chosen and reads
     * the store's next checkpoint id.
     * @param store the store
     * @return the recovery
     * @throws CheckpointRecoveryException when the store cannot be read, or the chosen manifest
     *     disappeared before it could be loaded
     */
    public static CheckpointRecovery recover(CheckpointStore store) {
        RecoveryReport report;
        try {
            report = store.recoverLatestValidated();
        }
        catch (CheckpointStoreException ex) {
            throw new CheckpointRecoveryException(store.location(), ex);
        }
        Optional<CheckpointManifest> manifest = Optional.empty();
        long nextCheckpointId;
        try {
            if (report.chosenId().isPresent()) {
                long id = report.chosenId().getAsLong();
                manifest = store.loadById(id);
                if (manifest.isEmpty()) {
                    throw new CheckpointStoreException("checkpoint " + Long.toUnsignedString(id)
                            + " was chosen by recovery but its manifest is gone");
                }
            }
            nextCheckpointId = store.nextCheckpointId();
        }
        catch (CheckpointStoreException ex) {
            throw new CheckpointRecoveryException(store.location(), ex);
        }
        return new CheckpointRecovery(report, manifest, nextCheckpointId);
    }

    /**
     * The recovery walk's report: the chosen id, the skipped checkpoints and why, how many were examined.
     * @return the report
     */
    public RecoveryReport report() {
        return report;
    }

    /**
     * The manifest of the checkpoint to restore from.
     * @return the manifest, empty on a fresh start or when no checkpoint is valid
     */
    public Optional<CheckpointManifest> manifest() {
        return manifest;
    }

    /**
     * The id of the checkpoint to restore from.
     * @return the id, empty on a fresh start or when no checkpoint is valid
     */
    public OptionalLong chosenId() {
        return report.chosenId();
    }

    /**
     * The id the application's next checkpoint takes: one past everything the store held at
     * startup, including state a crashed save left without a manifest (which on S3 keeps its id
     * until orphan cleanup removes it). Take ids from here, not from {@link #chosenId()} + 1.
     * @return the id, past {@link #chosenId()} (compared unsigned)
     */
    public long nextCheckpointId() {
        return nextCheckpointId;
    }

    /**
     * How the walk ended.
     * @return the outcome
     */
    public RecoveryOutcome outcome() {
        return RecoveryOutcome.of(report);
    }

    @Override
    public String toString() {
        return "CheckpointRecovery[outcome=" + outcome().tag() + ", chosenId="
                + (chosenId().isPresent() ? Long.toUnsignedString(chosenId().getAsLong()) : "none")
                + ", nextCheckpointId=" + Long.toUnsignedString(nextCheckpointId) + ", examined=" + report.examined()
                + ", skipped=" + report.skipped().size() + "]";
    }
}
