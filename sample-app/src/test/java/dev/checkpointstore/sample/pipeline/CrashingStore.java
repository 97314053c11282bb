package dev.checkpointstore.sample.pipeline;

import java.nio.ByteBuffer;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ForwardingCheckpointStore;

/**
 * A store that dies at a chosen step of the next checkpoint, as a process killed there would:
 * before the save, after the save (before the sink commits), or before the commit status update.
 * After it died it refuses everything, like a dead process; {@link #revive()} is the restart. It
 * remembers the last id whose save returned.
 */
final class CrashingStore implements ForwardingCheckpointStore {

    /** Where the next checkpoint dies. */
    enum Step {
        BEFORE_SAVE, AFTER_SAVE, BEFORE_UPDATE
    }

    /** Thrown where the process would have died. */
    static final class SimulatedCrash extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    private final CheckpointStore delegate;
    private @Nullable Step armed;
    private @Nullable Step died;
    private long lastSaved;

    CrashingStore(CheckpointStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public CheckpointStore delegate() {
        return delegate;
    }

    void crashAt(@Nullable Step step) {
        armed = step;
    }

    /** @return where the process died, null while it lives */
    @Nullable Step died() {
        return died;
    }

    /** The process restarts: the store works again. */
    void revive() {
        died = null;
        armed = null;
    }

    long lastSaved() {
        return lastSaved;
    }

    private void maybeCrash(Step step) {
        if (died != null) {
            throw new SimulatedCrash("the process died at " + died);
        }
        if (armed == step) {
            armed = null;
            died = step;
            throw new SimulatedCrash("simulated crash " + step);
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
}
