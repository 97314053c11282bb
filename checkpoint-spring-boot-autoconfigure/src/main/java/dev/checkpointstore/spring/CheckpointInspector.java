package dev.checkpointstore.spring;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.StateIdentity;
import dev.checkpointstore.core.ValidationResult;

/**
 * Looks at a store on behalf of health checks and the actuator endpoint, cheaply enough to be
 * probed every few seconds: the recovery walk is reused for a time to live, and a checkpoint's
 * validation result is reused for as long as neither its manifest nor its sidecar changed, so a
 * large sidecar is read once rather than on every probe. A walk whose checkpoints were all
 * validated before costs one listing, and per checkpoint examined one manifest read and one read
 * of the sidecar's identity ({@link CheckpointStore#stateIdentity}: a {@code stat}, a HEAD).
 *
 * <p>A changed manifest (an {@code updateManifest}, a rewrite by another writer) is noticed by its
 * fingerprint, a changed or damaged sidecar by its identity (size and modification time, ETag), and
 * the checkpoint is validated again: at the latest one time to live after the change, health and
 * the endpoint show it. The application's startup recovery can be adopted as the first walk
 * ({@link #adoptWalk}). Failures are not cached: the next call tries again. Thread-safe;
 * concurrent callers share one walk.
 */
public final class CheckpointInspector {

    private final CheckpointStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Long, Validated> validations = new ConcurrentHashMap<>();
    private final ReentrantLock walkLock = new ReentrantLock();
    private volatile @Nullable CachedWalk walk;

    /**
     * Creates an inspector.
     * @param store the store
     * @param cacheTtl how long a recovery walk is reused; zero walks on every call
     */
    public CheckpointInspector(CheckpointStore store, Duration cacheTtl) {
        this(store, cacheTtl, System::nanoTime);
    }

    CheckpointInspector(CheckpointStore store, Duration cacheTtl, LongSupplier nanoTime) {
        this.store = Objects.requireNonNull(store, "store");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cache TTL must not be negative, was " + cacheTtl);
        }
        this.ttlNanos = saturatedNanos(cacheTtl);
        this.nanoTime = nanoTime;
    }

    /**
     * The store inspected.
     * @return the store
     */
    public CheckpointStore store() {
        return store;
    }

    /**
     * The recovery walk, reused while younger than the cache TTL.
     * @return what recovery would choose now
     * @throws dev.checkpointstore.core.CheckpointStoreException when the store cannot be read
     */
    public RecoveryReport recovery() {
        CachedWalk cached = walk;
        if (cached != null && fresh(cached)) {
            return cached.report();
        }
        walkLock.lock();
        try {
            cached = walk;
            if (cached != null && fresh(cached)) {
                return cached.report();
            }
            long startedAt = nanoTime.getAsLong();
            List<Long> ids = store.listIds();
            Set<Long> listed = new HashSet<>(ids);
            validations.keySet().retainAll(listed);
            RecoveryReport report = AbstractCheckpointStore.recover(ids, this::validate);
            walk = new CachedWalk(report, startedAt);
            return report;
        }
        finally {
            walkLock.unlock();
        }
    }

    /**
     * Takes a walk made elsewhere, typically the application's startup recovery, as the cached
     * walk, as if this inspector had made it just now: until the time to live passes,
     * {@link #recovery()} answers from it instead of validating (and hashing every sidecar) again.
     * Does nothing when a walk is cached already.
     * @param report the walk's report
     */
    public void adoptWalk(RecoveryReport report) {
        Objects.requireNonNull(report, "report");
        walkLock.lock();
        try {
            if (walk == null) {
                walk = new CachedWalk(report, nanoTime.getAsLong());
            }
        }
        finally {
            walkLock.unlock();
        }
    }

    /**
     * Validates one checkpoint, reusing the last result while its manifest and its sidecar's
     * identity are unchanged.
     * @param checkpointId the checkpoint
     * @return the result; a missing or corrupt manifest is a fatal issue
     * @throws dev.checkpointstore.core.CheckpointStoreException when the store cannot be read
     */
    public ValidationResult validate(long checkpointId) {
        Optional<CheckpointManifest> manifest;
        try {
            manifest = store.loadById(checkpointId);
        }
        catch (CorruptCheckpointException ex) {
            validations.remove(checkpointId);
            return store.validateCheckpoint(checkpointId);
        }
        if (manifest.isEmpty()) {
            validations.remove(checkpointId);
            return store.validateCheckpoint(checkpointId);
        }
        byte[] fingerprint = fingerprint(manifest.get());
        Optional<StateIdentity> state = store.stateIdentity(checkpointId);
        Validated cached = validations.get(checkpointId);
        if (cached != null && cached.matches(fingerprint, state)) {
            return cached.result();
        }
        ValidationResult result = store.validateCheckpoint(checkpointId);
        validations.put(checkpointId, new Validated(fingerprint, state, result));
        return result;
    }

    /**
     * Forgets the cached walk, so the next {@link #recovery()} walks again (after a prune, say).
     * Validation results stay: they follow the manifests.
     */
    public void invalidate() {
        walk = null;
    }

    private boolean fresh(CachedWalk cached) {
        return nanoTime.getAsLong() - cached.startedAt() < ttlNanos;
    }

    private static byte[] fingerprint(CheckpointManifest manifest) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ManifestCodec.encode(manifest));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    private record CachedWalk(RecoveryReport report, long startedAt) {
    }

    /**
     * A validation result and what it was computed under: the manifest's fingerprint and the
     * sidecar's identity, both read before validating.
     */
    private record Validated(byte[] fingerprint, Optional<StateIdentity> state, ValidationResult result) {

        boolean matches(byte[] otherFingerprint, Optional<StateIdentity> otherState) {
            return Arrays.equals(fingerprint, otherFingerprint) && state.equals(otherState);
        }
    }
}
