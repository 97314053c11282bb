package dev.checkpointstore.spring;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointSummary;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.StateIdentity;
import dev.checkpointstore.core.StoreDescription;
import dev.checkpointstore.core.ValidationResult;

/**
 * A store that counts the calls made to it and can be made to fail, for tests.
 */
public final class CountingCheckpointStore implements CheckpointStore {

    private final CheckpointStore delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile @Nullable RuntimeException failure;

    /**
     * Wraps a store.
     * @param delegate the store
     */
    public CountingCheckpointStore(CheckpointStore delegate) {
        this.delegate = delegate;
    }

    /**
     * How often a method was called.
     * @param method its name
     * @return the count
     */
    public int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    /**
     * Makes every later call throw, or stops that.
     * @param failure what to throw, or null to work again
     */
    public void failWith(@Nullable RuntimeException failure) {
        this.failure = failure;
    }

    private void count(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        RuntimeException current = failure;
        if (current != null) {
            throw current;
        }
    }

    @Override
    public void save(CheckpointManifest manifest) {
        count("save");
        delegate.save(manifest);
    }

    @Override
    public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
        count("saveWithState");
        delegate.saveWithState(manifest, state);
    }

    @Override
    public void updateManifest(CheckpointManifest manifest) {
        count("updateManifest");
        delegate.updateManifest(manifest);
    }

    @Override
    public Optional<CheckpointManifest> loadLatest() {
        count("loadLatest");
        return delegate.loadLatest();
    }

    @Override
    public OptionalLong latestId() {
        count("latestId");
        return delegate.latestId();
    }

    @Override
    public Optional<CheckpointManifest> loadById(long checkpointId) {
        count("loadById");
        return delegate.loadById(checkpointId);
    }

    @Override
    public List<CheckpointSummary> list() {
        count("list");
        return delegate.list();
    }

    @Override
    public List<Long> listIds() {
        count("listIds");
        return delegate.listIds();
    }

    @Override
    public long nextCheckpointId() {
        count("nextCheckpointId");
        return delegate.nextCheckpointId();
    }

    @Override
    public int prune(int keepCount) {
        count("prune");
        return delegate.prune(keepCount);
    }

    @Override
    public void saveStateData(long checkpointId, List<ByteBuffer> chunks) {
        count("saveStateData");
        delegate.saveStateData(checkpointId, chunks);
    }

    @Override
    public Optional<byte[]> loadStateData(long checkpointId) {
        count("loadStateData");
        return delegate.loadStateData(checkpointId);
    }

    @Override
    public Optional<InputStream> openStateData(long checkpointId) {
        count("openStateData");
        return delegate.openStateData(checkpointId);
    }

    @Override
    public Optional<StateIdentity> stateIdentity(long checkpointId) {
        count("stateIdentity");
        return delegate.stateIdentity(checkpointId);
    }

    @Override
    public Optional<byte[]> loadOperatorState(long checkpointId, String operator) {
        count("loadOperatorState");
        return delegate.loadOperatorState(checkpointId, operator);
    }

    @Override
    public ValidationResult validateCheckpoint(long checkpointId) {
        count("validateCheckpoint");
        return delegate.validateCheckpoint(checkpointId);
    }

    @Override
    public RecoveryReport recoverLatestValidated() {
        count("recoverLatestValidated");
        return delegate.recoverLatestValidated();
    }

    @Override
    public int cleanupOrphans() {
        count("cleanupOrphans");
        return delegate.cleanupOrphans();
    }

    @Override
    public StoreDescription describe() {
        return delegate.describe();
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
