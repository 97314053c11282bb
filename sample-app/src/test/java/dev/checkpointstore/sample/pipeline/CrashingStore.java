package dev.checkpointstore.sample.pipeline;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointSummary;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.ValidationResult;

/**
 * A store that dies at a chosen step of the next checkpoint, as a process killed there would:
 * before the save, after the save (before the sink commits), or before the commit status update.
 * It remembers the last id whose save returned.
 */
final class CrashingStore implements CheckpointStore {

    /** Where the next checkpoint dies. */
    enum Step {
        BEFORE_SAVE, AFTER_SAVE, BEFORE_UPDATE
    }

    /** Thrown where the process would have died. */
    static final class SimulatedCrash extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SimulatedCrash(Step step) {
            super("simulated crash " + step);
        }
    }

    private final CheckpointStore delegate;
    private @Nullable Step armed;
    private long lastSaved;

    CrashingStore(CheckpointStore delegate) {
        this.delegate = delegate;
    }

    void crashAt(Step step) {
        armed = step;
    }

    long lastSaved() {
        return lastSaved;
    }

    private void maybeCrash(Step step) {
        if (armed == step) {
            armed = null;
            throw new SimulatedCrash(step);
        }
    }

    @Override
    public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
        maybeCrash(Step.BEFORE_SAVE);
        delegate.saveWithState(manifest, state);
        lastSaved = manifest.checkpointId();
        maybeCrash(Step.AFTER_SAVE);
    }

    @Override
    public void save(CheckpointManifest manifest) {
        saveWithState(manifest, null);
    }

    @Override
    public void updateManifest(CheckpointManifest manifest) {
        maybeCrash(Step.BEFORE_UPDATE);
        delegate.updateManifest(manifest);
    }

    @Override
    public Optional<CheckpointManifest> loadLatest() {
        return delegate.loadLatest();
    }

    @Override
    public OptionalLong latestId() {
        return delegate.latestId();
    }

    @Override
    public Optional<CheckpointManifest> loadById(long checkpointId) {
        return delegate.loadById(checkpointId);
    }

    @Override
    public List<CheckpointSummary> list() {
        return delegate.list();
    }

    @Override
    public List<Long> listIds() {
        return delegate.listIds();
    }

    @Override
    public int prune(int keepCount) {
        return delegate.prune(keepCount);
    }

    @Override
    public void saveStateData(long checkpointId, List<ByteBuffer> chunks) {
        delegate.saveStateData(checkpointId, chunks);
    }

    @Override
    public Optional<byte[]> loadStateData(long checkpointId) {
        return delegate.loadStateData(checkpointId);
    }

    @Override
    public Optional<InputStream> openStateData(long checkpointId) {
        return delegate.openStateData(checkpointId);
    }

    @Override
    public Optional<byte[]> loadOperatorState(long checkpointId, String operator) {
        return delegate.loadOperatorState(checkpointId, operator);
    }

    @Override
    public ValidationResult validateCheckpoint(long checkpointId) {
        return delegate.validateCheckpoint(checkpointId);
    }

    @Override
    public RecoveryReport recoverLatestValidated() {
        return delegate.recoverLatestValidated();
    }

    @Override
    public int cleanupOrphans() {
        return delegate.cleanupOrphans();
    }

    @Override
    public int vnodeCount() {
        return delegate.vnodeCount();
    }

    @Override
    public String location() {
        return delegate.location();
    }
}
