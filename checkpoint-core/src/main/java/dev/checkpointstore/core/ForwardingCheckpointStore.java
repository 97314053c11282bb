package dev.checkpointstore.core;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * A store that adds behaviour (metrics, say) in front of another: every call is forwarded to
 * {@link #delegate()} unless the implementation overrides it, including the store's
 * {@link #describe() description}, so tools that show or measure a store see the backend behind
 * any number of layers.
 */
public interface ForwardingCheckpointStore extends CheckpointStore {

    /**
     * The store calls are forwarded to.
     * @return the delegate
     */
    CheckpointStore delegate();

    @Override
    default void save(CheckpointManifest manifest) {
        delegate().save(manifest);
    }

    @Override
    default void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
        delegate().saveWithState(manifest, state);
    }

    @Override
    default void updateManifest(CheckpointManifest manifest) {
        delegate().updateManifest(manifest);
    }

    @Override
    default Optional<CheckpointManifest> loadLatest() {
        return delegate().loadLatest();
    }

    @Override
    default OptionalLong latestId() {
        return delegate().latestId();
    }

    @Override
    default Optional<CheckpointManifest> loadById(long checkpointId) {
        return delegate().loadById(checkpointId);
    }

    @Override
    default Optional<byte[]> loadManifestBytes(long checkpointId) {
        return delegate().loadManifestBytes(checkpointId);
    }

    @Override
    default List<CheckpointSummary> list() {
        return delegate().list();
    }

    @Override
    default List<Long> listIds() {
        return delegate().listIds();
    }

    @Override
    default long nextCheckpointId() {
        return delegate().nextCheckpointId();
    }

    @Override
    default int prune(int keepCount) {
        return delegate().prune(keepCount);
    }

    @Override
    default void saveStateData(long checkpointId, List<ByteBuffer> chunks) {
        delegate().saveStateData(checkpointId, chunks);
    }

    @Override
    default Optional<byte[]> loadStateData(long checkpointId) {
        return delegate().loadStateData(checkpointId);
    }

    @Override
    default Optional<InputStream> openStateData(long checkpointId) {
        return delegate().openStateData(checkpointId);
    }

    @Override
    default Optional<StateIdentity> stateIdentity(long checkpointId) {
        return delegate().stateIdentity(checkpointId);
    }

    @Override
    default Optional<byte[]> loadOperatorState(long checkpointId, String operator) {
        return delegate().loadOperatorState(checkpointId, operator);
    }

    @Override
    default ValidationResult validateCheckpoint(long checkpointId) {
        return delegate().validateCheckpoint(checkpointId);
    }

    @Override
    default RecoveryReport recoverLatestValidated() {
        return delegate().recoverLatestValidated();
    }

    @Override
    default int cleanupOrphans() {
        return delegate().cleanupOrphans();
    }

    @Override
    default StoreDescription describe() {
        return delegate().describe();
    }

    @Override
    default int vnodeCount() {
        return delegate().vnodeCount();
    }

    @Override
    default String location() {
        return delegate().location();
    }

    @Override
    default long pruneFailures() {
        return delegate().pruneFailures();
    }
}
