package dev.checkpointstore.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend-independent half of a {@link CheckpointStore}: argument checks, the save sequence
 * (sidecar, checksum, manifest, pointer, auto-prune), validation, recovery, operator-state slices
 * and the bookkeeping that keeps orphan cleanup away from saves in flight. A backend supplies the
 * storage primitives.
 *
 * <p>The sidecar checksum is computed on a helper thread while the backend writes and syncs the
 * same bytes, so for large state it costs close to nothing on top of the write.
 *
 * <p>A save that moved the latest pointer has succeeded: the automatic prune that follows it never
 * makes it fail. A prune that fails is logged (WARN, naming the checkpoints and the reason), counted
 * ({@link #pruneFailures()}) and retried by the next prune, since whatever it left is still there
 * to be found.
 */
public abstract class AbstractCheckpointStore implements CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(AbstractCheckpointStore.class);

    /** Sidecars at least this large are hashed on a helper thread, overlapping the write. */
    static final long PARALLEL_HASH_THRESHOLD = 1024 * 1024;

    private static final Executor HASHER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "checkpoint-state-hasher");
        thread.setDaemon(true);
        return thread;
    });

    private final int vnodeCount;
    private final int maxRetained;
    private final Duration orphanMinAge;
    private final int maxManifestBytes;
    private final Clock clock;
    private final CheckpointValidator validator;
    private final InFlightCheckpoints inFlight = new InFlightCheckpoints();

    /**
     * For tests in this package: runs when cleanup has found its orphan candidates, before it
     * holds them against saves and checks them again, so a test can complete a save right there.
     */
    volatile @Nullable Runnable orphanCandidatesHook;
    private final AtomicLong pruneFailures = new AtomicLong();

    /**
     * Creates the shared half of a store from the settings every backend shares.
     * @param settings the backend's builder, whose setters checked every value
     */
    protected AbstractCheckpointStore(CheckpointStoreBuilder<?> settings) {
        this.vnodeCount = settings.vnodeCount();
        this.maxRetained = settings.maxRetained();
        this.orphanMinAge = settings.orphanMinAge();
        this.maxManifestBytes = settings.maxManifestBytes();
        this.clock = settings.clock();
        this.validator = new CheckpointValidator(vnodeCount);
    }

    // ---- primitives a backend supplies ----

    /**
     * Reads a manifest's raw bytes.
     * @param checkpointId the checkpoint
     * @return the bytes, or empty when there is no manifest
     * @throws CorruptCheckpointException when it is larger than the manifest size limit
     */
    protected abstract Optional<byte[]> readManifest(long checkpointId);

    /**
     * Publishes a new manifest atomically and durably, after any sidecar is durable.
     * @param manifest the manifest
     * @param json its encoded bytes
     */
    protected abstract void writeManifest(CheckpointManifest manifest, byte[] json);

    /**
     * Overwrites a manifest atomically and durably, without fencing.
     * @param manifest the manifest
     * @param json its encoded bytes
     */
    protected abstract void overwriteManifest(CheckpointManifest manifest, byte[] json);

    /**
     * Moves the latest pointer to {@code checkpointId} unless it already names a higher id.
     * @param checkpointId the id just saved
     */
    protected abstract void advanceLatest(long checkpointId);

    /**
     * Writes a sidecar durably. The chunks are this store's own views, free to be consumed.
     * @param checkpointId the checkpoint
     * @param chunks the bytes in order
     */
    protected abstract void writeState(long checkpointId, List<ByteBuffer> chunks);

    /**
     * Writes the sidecar of a checkpoint that {@link #saveWithState} is saving, before its
     * manifest. The default is {@link #writeState}; a backend that fences concurrent writers
     * overrides it so that a writer losing the race for an id cannot replace the state under the
     * winner's manifest ({@link #saveStateData} still overwrites).
     * @param checkpointId the checkpoint
     * @param chunks the bytes in order
     */
    protected void writeStateForSave(long checkpointId, List<ByteBuffer> chunks) {
        writeState(checkpointId, chunks);
    }

    /**
     * Deletes checkpoints, each manifest before its sidecar, so that a deletion that fails part way
     * leaves every checkpoint either whole or without its manifest (an orphaned sidecar, which the
     * next prune or {@link #cleanupOrphans} removes), never a listed checkpoint missing its state.
     * Every id is attempted even when one fails.
     * @param checkpointIds the ids, ascending
     * @throws CheckpointStoreException after trying them all, naming the checkpoints that are left
     *     and why
     */
    protected abstract void deleteCheckpoints(List<Long> checkpointIds);

    /**
     * Where a checkpoint's manifest lives, for messages.
     * @param checkpointId the checkpoint
     * @return a path or key
     */
    protected abstract String manifestLocation(long checkpointId);

    /**
     * Opens a slice of a sidecar. The default skips into {@link #openStateData}; backends with
     * random access override it.
     * @param checkpointId the checkpoint
     * @param offset where the slice starts
     * @param length its length
     * @return a stream of at most {@code length} bytes, or empty when there is no sidecar
     * @throws IOException when reading fails
     */
    protected Optional<InputStream> openStateSlice(long checkpointId, long offset, long length) throws IOException {
        Optional<InputStream> stream = openStateData(checkpointId);
        if (stream.isEmpty()) {
            return stream;
        }
        InputStream in = stream.get();
        try {
            in.skipNBytes(offset);
        }
        catch (IOException ex) {
            in.close();
            throw ex;
        }
        return Optional.of(new BoundedInputStream(in, length));
    }

    /**
     * The ids that have a manifest, ascending: what {@link #prune} counts and keeps. The default is
     * {@link #listIds()}; a backend that also lists ids without a manifest (LaminarDB's filesystem
     * layout lists every checkpoint directory) overrides it, so that a save cut short before its
     * manifest never pushes a complete checkpoint out of the retained set. Such leftovers are
     * {@link #cleanupOrphans()}'s.
     * @return the ids
     */
    protected List<Long> manifestIds() {
        return listIds();
    }

    /**
     * The ids the automatic prune after a save chooses from, ascending: {@link #manifestIds()}.
     * Backends that can avoid a full listing override it.
     * @return every checkpoint id with a manifest the store knows of, ascending
     */
    protected List<Long> autoPruneIds() {
        return manifestIds();
    }

    // ---- the contract ----

    @Override
    public void save(CheckpointManifest manifest) {
        checkManifest(manifest);
        publish(manifest, ManifestCodec.encode(manifest));
    }

    @Override
    public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
        checkManifest(manifest);
        if (state == null) {
            save(StateChecksum.stamp(manifest, Optional.empty()));
            return;
        }
        long id = manifest.checkpointId();
        enter(id);
        try {
            Stamped stamped = writeStateStamping(id, manifest, state);
            publish(stamped.manifest(), stamped.json());
        }
        finally {
            leave(id);
        }
    }

    private void publish(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        enter(id);
        try {
            writeManifest(manifest, json);
            advanceLatest(id);
        }
        finally {
            leave(id);
        }
        if (maxRetained > 0) {
            pruneAfterSave(id);
        }
    }

    @Override
    public void saveStateData(long checkpointId, List<ByteBuffer> chunks) {
        CheckpointIds.requireWritable(checkpointId);
        Objects.requireNonNull(chunks, "chunks");
        enter(checkpointId);
        try {
            writeState(checkpointId, views(chunks));
        }
        finally {
            leave(checkpointId);
        }
    }

    @Override
    public void updateManifest(CheckpointManifest manifest) {
        checkManifest(manifest);
        overwriteManifest(manifest, ManifestCodec.encode(manifest));
    }

    @Override
    public Optional<CheckpointManifest> loadLatest() {
        OptionalLong latest = latestId();
        return latest.isPresent() ? loadById(latest.getAsLong()) : Optional.empty();
    }

    @Override
    public Optional<CheckpointManifest> loadById(long checkpointId) {
        return readManifest(checkpointId).map(json -> decode(checkpointId, json));
    }

    /** The manifest's bytes as the backend stores them, parseable or not. */
    @Override
    public Optional<byte[]> loadManifestBytes(long checkpointId) {
        return readManifest(checkpointId);
    }

    @Override
    public List<CheckpointSummary> list() {
        List<CheckpointSummary> summaries = new ArrayList<>();
        for (long id : listIds()) {
            try {
                readManifest(id).map(json -> ManifestCodec.decode(json))
                        .ifPresent(m -> summaries.add(new CheckpointSummary(id, m.epoch(), m.timestampMs())));
            }
            catch (CorruptCheckpointException ex) {
                // list() skips what it cannot read; validateCheckpoint reports it
            }
        }
        return summaries;
    }

    @Override
    public int prune(int keepCount) {
        if (keepCount < 1) {
            throw new IllegalArgumentException("keepCount must be >= 1 (the newest checkpoint, which the latest pointer"
                    + " names, is never pruned), was " + keepCount);
        }
        try {
            List<Long> ids = manifestIds();
            if (ids.size() <= keepCount) {
                return 0;
            }
            List<Long> doomed = ids.subList(0, ids.size() - keepCount);
            deleteCheckpoints(doomed);
            return doomed.size();
        }
        catch (RuntimeException ex) {
            pruneFailures.incrementAndGet();
            throw ex;
        }
    }

    @Override
    public Optional<byte[]> loadStateData(long checkpointId) {
        Optional<InputStream> stream = openStateData(checkpointId);
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stream.get()) {
            return Optional.of(in.readAllBytes());
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot read the state of checkpoint " + Long.toUnsignedString(checkpointId) + " at "
                    + location() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public Optional<byte[]> loadOperatorState(long checkpointId, String operator) {
        Objects.requireNonNull(operator, "operator");
        Optional<CheckpointManifest> manifest = loadById(checkpointId);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        OperatorCheckpoint op = manifest.get().operatorStates().get(operator);
        if (op == null) {
            return Optional.empty();
        }
        if (!op.external()) {
            try {
                return op.decodeInline().or(() -> Optional.of(new byte[0]));
            }
            catch (CorruptCheckpointException ex) {
                throw new CorruptCheckpointException("operator '" + operator + "' of checkpoint " + Long.toUnsignedString(checkpointId)
                        + " at " + manifestLocation(checkpointId) + ": " + ex.getMessage(), ex);
            }
        }
        return Optional.of(readSlice(checkpointId, operator, op));
    }

    @Override
    public ValidationResult validateCheckpoint(long checkpointId) {
        Optional<byte[]> json;
        try {
            json = readManifest(checkpointId);
        }
        catch (CorruptCheckpointException ex) {
            return ValidationResult.of(checkpointId, List.of(ValidationIssue.fatal("corrupt manifest: " + ex.getMessage())));
        }
        return validator.validate(checkpointId, json, () -> openStateData(checkpointId));
    }

    @Override
    public RecoveryReport recoverLatestValidated() {
        return recover(listIds(), this::validateCheckpoint);
    }

    /**
     * The recovery walk: validates from the newest id down and chooses the first valid checkpoint.
     * {@link #recoverLatestValidated()} is this walk over {@link #listIds()}; callers that cache
     * validation results (a health check) run it with their own validation.
     * @param ascendingIds every checkpoint id, ascending
     * @param validation validates one checkpoint
     * @return the report; its chosen id is empty when no checkpoint is valid
     */
    public static RecoveryReport recover(List<Long> ascendingIds, LongFunction<ValidationResult> validation) {
        long start = System.nanoTime();
        List<SkippedCheckpoint> skipped = new ArrayList<>();
        int examined = ascendingIds.size();
        for (int i = ascendingIds.size() - 1; i >= 0; i--) {
            long id = ascendingIds.get(i);
            ValidationResult result = validateContained(validation, id);
            if (result.valid()) {
                return new RecoveryReport(OptionalLong.of(id), skipped, examined,
                        Duration.ofNanos(System.nanoTime() - start));
            }
            skipped.add(new SkippedCheckpoint(id, result.reason()));
        }
        return new RecoveryReport(OptionalLong.empty(), skipped, examined, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Validates one checkpoint so that nothing but a JVM-wide error ends the walk: an
     * {@link Error} that only this checkpoint caused (a stack overflow in a pathological manifest, a
     * failed assertion) is a fatal finding on it.
     */
    private static ValidationResult validateContained(LongFunction<ValidationResult> validation, long id) {
        try {
            return validation.apply(id);
        }
        catch (StackOverflowError ex) {
            return failedWith(id, ex);
        }
        catch (VirtualMachineError | LinkageError ex) {
            throw ex;
        }
        catch (Error ex) {
            return failedWith(id, ex);
        }
    }

    private static ValidationResult failedWith(long id, Error error) {
        return ValidationResult.of(id, List.of(ValidationIssue.fatal("validation failed: " + error)));
    }

    /**
     * The backend's short name for {@link #describe()}, such as {@code filesystem}.
     * @return the name
     */
    protected abstract String backendName();

    @Override
    public abstract String location();

    @Override
    public final StoreDescription describe() {
        return new StoreDescription(backendName(), location(), vnodeCount, maxRetained, orphanMinAge);
    }

    @Override
    public int vnodeCount() {
        return vnodeCount;
    }

    /**
     * How many checkpoints a save keeps.
     * @return the retention; 0 keeps all
     */
    public int maxRetained() {
        return maxRetained;
    }

    /**
     * The largest manifest this store reads; larger ones are reported corrupt unread.
     * @return the limit in bytes
     */
    protected final int maxManifestBytes() {
        return maxManifestBytes;
    }

    /**
     * The failure of a manifest over {@link #maxManifestBytes()}, which is reported corrupt unread.
     * @param checkpointId the checkpoint
     * @param where where the manifest is, for the message
     * @param size its size in bytes
     * @return the exception to throw
     */
    protected final CorruptCheckpointException manifestOverLimit(long checkpointId, Object where, long size) {
        return new CorruptCheckpointException("manifest of checkpoint " + Long.toUnsignedString(checkpointId) + " at "
                + where + " is " + size + " bytes, over the limit of " + maxManifestBytes);
    }

    /**
     * The clock orphan ages are judged by.
     * @return the clock
     */
    protected final Clock clock() {
        return clock;
    }

    /**
     * How old orphaned state must be before cleanup deletes it.
     * @return the minimum age
     */
    public Duration orphanMinAge() {
        return orphanMinAge;
    }

    @Override
    public final long pruneFailures() {
        return pruneFailures.get();
    }

    /**
     * Whether this process is writing a checkpoint right now; orphan cleanup spares it.
     * @param checkpointId the checkpoint
     * @return true while a save or state write of it is in flight
     */
    protected final boolean isInFlight(long checkpointId) {
        return inFlight.isWriting(checkpointId);
    }

    /**
     * The ids this process is writing right now. Orphan cleanup takes this before it lists
     * anything and leaves these ids alone.
     * @return a snapshot of the ids in flight
     */
    protected final Set<Long> idsInFlight() {
        return inFlight.writing();
    }

    /**
     * Runs the removal step of orphan cleanup: holds the candidates no save of this store is
     * writing, so that a save of one of them that starts meanwhile waits until {@code removal}
     * returns, and hands them to {@code removal}, which must check each once more (that no manifest
     * exists) before deleting it. Candidates being written are left out.
     * @param candidates ids cleanup found orphaned
     * @param removal deletes what is still orphaned among the ids it is given
     * @param <T> what the removal returns
     * @return what the removal returned
     */
    protected final <T> T removeHeldOrphans(Collection<Long> candidates, Function<List<Long>, T> removal) {
        Runnable hook = orphanCandidatesHook;
        if (hook != null && !candidates.isEmpty()) {
            hook.run();
        }
        List<Long> held = inFlight.hold(candidates);
        try {
            return removal.apply(held);
        }
        finally {
            inFlight.release(held);
        }
    }

    /**
     * Parses a stored manifest, naming the checkpoint and its location when it is corrupt.
     * @param checkpointId the checkpoint
     * @param json its bytes
     * @return the manifest
     */
    protected final CheckpointManifest decode(long checkpointId, byte[] json) {
        try {
            return ManifestCodec.decode(json);
        }
        catch (CorruptCheckpointException ex) {
            throw new CorruptCheckpointException("corrupt manifest for checkpoint " + Long.toUnsignedString(checkpointId) + " at "
                    + manifestLocation(checkpointId) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Prunes to the retention after a save that has already moved the latest pointer: the save has
     * succeeded, so a failure here is logged and counted, not thrown.
     */
    private void pruneAfterSave(long savedId) {
        List<Long> doomed = List.of();
        try {
            List<Long> ids = autoPruneIds();
            if (ids.size() <= maxRetained) {
                return;
            }
            doomed = ids.subList(0, ids.size() - maxRetained);
            deleteCheckpoints(doomed);
        }
        catch (RuntimeException ex) {
            pruneFailures.incrementAndGet();
            String what = doomed.isEmpty() ? "choosing the checkpoints to prune"
                    : "pruning checkpoints " + doomed.stream().map(Long::toUnsignedString).collect(Collectors.joining(", "));
            log.warn("Checkpoint {} at {} is saved and the latest pointer names it, but {} (retention {}) failed; the next"
                    + " prune retries: {}", Long.toUnsignedString(savedId), location(), what, maxRetained, ex.getMessage());
            log.debug("Prune failure after saving checkpoint {}", Long.toUnsignedString(savedId), ex);
        }
    }

    /**
     * Writes the sidecar and stamps the manifest's checksum over it. A large sidecar is hashed on a
     * helper thread while it is written, and the same thread then stamps and encodes the manifest,
     * so the calling thread goes from the sidecar's last fsync straight to the manifest's write.
     */
    private Stamped writeStateStamping(long id, CheckpointManifest manifest, List<ByteBuffer> state) {
        List<ByteBuffer> views = views(state);
        if (StateChunks.size(views) < PARALLEL_HASH_THRESHOLD) {
            Stamped stamped = Stamped.over(manifest, views);
            writeStateForSave(id, views);
            return stamped;
        }
        List<ByteBuffer> hashViews = views(state);
        CompletableFuture<Stamped> stamping = CompletableFuture.supplyAsync(() -> Stamped.over(manifest, hashViews),
                HASHER);
        try {
            writeStateForSave(id, views);
        }
        catch (RuntimeException ex) {
            try {
                await(stamping);
            }
            catch (RuntimeException hashing) {
                ex.addSuppressed(hashing);
            }
            throw ex;
        }
        return await(stamping);
    }

    /** A manifest with its checksum stamped over a sidecar, and its encoded bytes. */
    private record Stamped(CheckpointManifest manifest, byte[] json) {

        static Stamped over(CheckpointManifest manifest, List<ByteBuffer> sidecar) {
            MessageDigest digest = StateChecksum.sidecarDigest(manifest);
            StateChecksum.update(digest, sidecar);
            CheckpointManifest stamped = StateChecksum.stamp(manifest, Optional.of(digest));
            return new Stamped(stamped, ManifestCodec.encode(stamped));
        }
    }

    /** The helper's result, waited for without giving up on an interrupt, which is kept for the caller. */
    private static Stamped await(CompletableFuture<Stamped> stamping) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return stamping.get();
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
                catch (ExecutionException ex) {
                    if (ex.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException("hashing the state failed", ex.getCause());
                }
            }
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private byte[] readSlice(long checkpointId, String operator, OperatorCheckpoint op) {
        long offset = op.externalOffset();
        long length = op.externalLength();
        String slice = "operator '" + operator + "' slice [" + Long.toUnsignedString(offset) + ", "
                + Long.toUnsignedString(offset + length) + ") of checkpoint " + Long.toUnsignedString(checkpointId);
        if (offset < 0 || length < 0 || offset + length < 0) {
            throw new CorruptCheckpointException(slice + " at " + manifestLocation(checkpointId)
                    + " is outside any sidecar");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new CheckpointStoreException(slice + " is " + length
                    + " bytes, too large for a byte array; stream it with openStateData");
        }
        try {
            Optional<InputStream> stream = openStateSlice(checkpointId, offset, length);
            if (stream.isEmpty()) {
                throw new CheckpointNotFoundException(slice + ": state.bin not found at " + location());
            }
            try (InputStream in = stream.get()) {
                byte[] bytes = in.readNBytes((int) length);
                if (bytes.length < length) {
                    throw new CorruptCheckpointException(slice + ": state.bin at " + location() + " ends "
                            + (length - bytes.length) + " bytes early");
                }
                return bytes;
            }
        }
        catch (java.io.EOFException ex) {
            throw new CorruptCheckpointException(slice + ": state.bin at " + location() + " is shorter than the offset", ex);
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot read " + slice + " at " + location() + ": " + ex.getMessage(), ex);
        }
    }

    private static List<ByteBuffer> views(List<ByteBuffer> chunks) {
        List<ByteBuffer> views = new ArrayList<>(chunks.size());
        for (ByteBuffer chunk : chunks) {
            views.add(Objects.requireNonNull(chunk, "state chunk").duplicate());
        }
        return views;
    }

    private static void checkManifest(@Nullable CheckpointManifest manifest) {
        if (manifest == null) {
            throw new IllegalArgumentException("manifest must not be null");
        }
        CheckpointIds.requireWritable(manifest.checkpointId());
    }

    private void enter(long id) {
        inFlight.enter(id);
    }

    private void leave(long id) {
        inFlight.leave(id);
    }
}
