package dev.checkpointstore.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store that forwards every primitive to another {@link AbstractCheckpointStore} but refuses to
 * delete the checkpoints it is told to, as a backend whose deletions fail would: it deletes the
 * others, then throws naming the refused ones. For the backends a deletion cannot be made to fail
 * on (memory). It lives in the core's package, not the kit's, because it calls the protected
 * primitives of another store instance.
 */
public final class DeletionFailingStore extends AbstractCheckpointStore {

    private final AbstractCheckpointStore delegate;
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();

    /**
     * Wraps a store.
     *
     * @param delegate the store that does the work
     */
    public DeletionFailingStore(AbstractCheckpointStore delegate) {
        super(new Settings().vnodeCount(delegate.vnodeCount()).maxRetained(delegate.maxRetained())
                .orphanMinAge(delegate.orphanMinAge()));
        this.delegate = delegate;
    }

    /**
     * Refuses deletions of these checkpoints until {@link #allowDeletions()}.
     *
     * @param checkpointIds the ids
     */
    public void refuseDeletionOf(Long... checkpointIds) {
        refused.addAll(List.of(checkpointIds));
    }

    /** Lets every deletion through again. */
    public void allowDeletions() {
        refused.clear();
    }

    @Override
    protected void deleteCheckpoints(List<Long> checkpointIds) {
        List<Long> allowed = new ArrayList<>();
        List<Long> refusedNow = new ArrayList<>();
        for (long id : checkpointIds) {
            (refused.contains(id) ? refusedNow : allowed).add(id);
        }
        delegate.deleteCheckpoints(allowed);
        if (!refusedNow.isEmpty()) {
            throw new CheckpointIoException("cannot delete checkpoints " + refusedNow + ": refused by the test");
        }
    }

    @Override
    protected Optional<byte[]> readManifest(long checkpointId) {
        return delegate.readManifest(checkpointId);
    }

    @Override
    protected void writeManifest(CheckpointManifest manifest, byte[] json) {
        delegate.writeManifest(manifest, json);
    }

    @Override
    protected void overwriteManifest(CheckpointManifest manifest, byte[] json) {
        delegate.overwriteManifest(manifest, json);
    }

    @Override
    protected void advanceLatest(long checkpointId) {
        delegate.advanceLatest(checkpointId);
    }

    @Override
    protected void writeState(long checkpointId, List<ByteBuffer> chunks) {
        delegate.writeState(checkpointId, chunks);
    }

    @Override
    protected void writeStateForSave(long checkpointId, List<ByteBuffer> chunks) {
        delegate.writeStateForSave(checkpointId, chunks);
    }

    @Override
    protected String manifestLocation(long checkpointId) {
        return delegate.manifestLocation(checkpointId);
    }

    @Override
    protected Optional<InputStream> openStateSlice(long checkpointId, long offset, long length) throws IOException {
        return delegate.openStateSlice(checkpointId, offset, length);
    }

    @Override
    public OptionalLong latestId() {
        return delegate.latestId();
    }

    @Override
    public List<Long> listIds() {
        return delegate.listIds();
    }

    @Override
    public Optional<InputStream> openStateData(long checkpointId) {
        return delegate.openStateData(checkpointId);
    }

    @Override
    public int cleanupOrphans() {
        return delegate.cleanupOrphans();
    }

    @Override
    public Optional<StateIdentity> stateIdentity(long checkpointId) {
        return delegate.stateIdentity(checkpointId);
    }

    @Override
    public long nextCheckpointId() {
        return delegate.nextCheckpointId();
    }

    @Override
    protected String backendName() {
        return delegate.describe().backend();
    }

    @Override
    public String location() {
        return delegate.location();
    }

    /** The delegate's settings, for the shared half of this store. */
    private static final class Settings extends CheckpointStoreBuilder<Settings> {
    }
}
