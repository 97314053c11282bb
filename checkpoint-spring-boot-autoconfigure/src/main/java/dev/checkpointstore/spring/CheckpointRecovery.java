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
 * made when the context starts, and the manifest it chose. Inject it into the component that
 * restores state (an {@code ApplicationRunner} or a {@code SmartLifecycle}): the walk is done
 * before any of them starts.
 *
 * <pre>{@code
 * recovery.manifest().ifPresentOrElse(this::restoreFrom, this::startFresh);
 * }</pre>
 */
public final class CheckpointRecovery {

    private final RecoveryReport report;
    private final Optional<CheckpointManifest> manifest;

    /**
     * Creates a recovery from a finished walk.
     * @param report the walk's report
     * @param manifest the chosen checkpoint's manifest, empty exactly when the report chose none
     */
    public CheckpointRecovery(RecoveryReport report, Optional<CheckpointManifest> manifest) {
        this.report = Objects.requireNonNull(report, "report");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        if (report.chosenId().isPresent() != manifest.isPresent()) {
            throw new IllegalArgumentException("the manifest must be present exactly when the report chose a checkpoint");
        }
    }

    /**
     * Walks a store from its newest checkpoint down and loads the manifest of the one chosen.
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
        if (report.chosenId().isEmpty()) {
            return new CheckpointRecovery(report, Optional.empty());
        }
        long id = report.chosenId().getAsLong();
        Optional<CheckpointManifest> manifest;
        try {
            manifest = store.loadById(id);
        }
        catch (CheckpointStoreException ex) {
            throw new CheckpointRecoveryException(store.location(), ex);
        }
        if (manifest.isEmpty()) {
            throw new CheckpointRecoveryException(store.location(), new CheckpointStoreException(
                    "checkpoint " + id + " was chosen by recovery but its manifest is gone"));
        }
        return new CheckpointRecovery(report, manifest);
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
     * How the walk ended.
     * @return the outcome
     */
    public RecoveryOutcome outcome() {
        return RecoveryOutcome.of(report);
    }

    @Override
    public String toString() {
        return "CheckpointRecovery[outcome=" + outcome().tag() + ", chosenId="
                + (chosenId().isPresent() ? chosenId().getAsLong() : "none") + ", examined=" + report.examined()
                + ", skipped=" + report.skipped().size() + "]";
    }
}
