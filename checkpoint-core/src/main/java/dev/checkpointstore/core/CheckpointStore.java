package dev.checkpointstore.core;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * Durable storage for checkpoint manifests and their operator state, in LaminarDB's layout.
 *
 * <p>Implementations are thread-safe and synchronous: every method does its I/O on the calling
 * thread and returns when it is durable. Failures are {@link CheckpointStoreException}s whose
 * messages name the checkpoint and the path or key. Ids are unsigned 64-bit values, as in
 * LaminarDB: a Java {@code long} read as unsigned ({@link Long#compareUnsigned},
 * {@link Long#toUnsignedString}), so ids from 2^63 up are negative longs. Any id can be read;
 * writing id 0, a keep count below 1 or a null manifest is an {@link IllegalArgumentException}.
 */
public interface CheckpointStore {

    /** The vnode count a store expects when none is configured. */
    int DEFAULT_VNODE_COUNT = 256;

    /** How old orphaned state must be before cleanup deletes it, when nothing else is configured. */
    Duration DEFAULT_ORPHAN_MIN_AGE = Duration.ofHours(1);

    /**
     * Saves a manifest atomically and moves the latest pointer to it unless it already names a
     * higher id. Readers never see a partial manifest. When the store retains a maximum number of
     * checkpoints, older ones are pruned afterwards; once the pointer names the new checkpoint the
     * save has succeeded, and a failure of that prune is logged and left to the next prune instead
     * of being thrown.
     * @param manifest the manifest
     */
    void save(CheckpointManifest manifest);

    /**
     * Saves the sidecar first, then the manifest with its {@code state_checksum} stamped
     * ({@link StateChecksum}). With {@code state == null} no sidecar is written and this is
     * {@link #save}, except that a manifest whose operators are all inline and that carries no
     * checksum gets the inline checksum stamped.
     * @param manifest the manifest; external operators point into the concatenated chunks
     * @param state the sidecar's chunks, written in order without being concatenated, or null
     */
    void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state);

    /**
     * Overwrites an existing checkpoint's manifest, without fencing (records sink commit status
     * after the first save). Does not move the latest pointer. On the filesystem and in memory an
     * update of a checkpoint that does not exist, or that a concurrent prune is removing, fails with
     * {@link CheckpointNotFoundException} (or lands before the prune); it never brings the
     * checkpoint back. On S3 it is one unconditional PUT.
     * @param manifest the new manifest
     * @throws CheckpointNotFoundException when the checkpoint is not there to update (filesystem, memory)
     */
    void updateManifest(CheckpointManifest manifest);

    /**
     * The manifest the latest pointer names.
     * @return the manifest, or empty when the pointer is missing, empty or names a missing manifest
     * @throws CorruptCheckpointException when that manifest cannot be parsed
     */
    Optional<CheckpointManifest> loadLatest();

    /**
     * The id the latest pointer names, whether or not its manifest exists.
     * @return the id, or empty when there is no pointer
     */
    OptionalLong latestId();

    /**
     * One checkpoint's manifest.
     * @param checkpointId the id
     * @return the manifest, or empty when it does not exist
     * @throws CorruptCheckpointException when it cannot be parsed
     */
    Optional<CheckpointManifest> loadById(long checkpointId);

    /**
     * One checkpoint's manifest as stored, unparsed: the bytes {@link #loadById} parses. Callers
     * that need the manifest's size, or that read and verify a checkpoint as separate steps, read
     * it once this way. The default re-encodes what {@link #loadById} returns, which equals the
     * stored bytes for every manifest this library or LaminarDB wrote; the stores of this library
     * return the stored bytes, unparseable ones included.
     * @param checkpointId the id
     * @return the bytes, or empty when the checkpoint has no manifest
     * @throws CorruptCheckpointException when the manifest is larger than the store reads
     */
    default Optional<byte[]> loadManifestBytes(long checkpointId) {
        return loadById(checkpointId).map(ManifestCodec::encode);
    }

    /**
     * Every readable checkpoint, ascending by id; unreadable manifests are skipped.
     * @return the summaries
     */
    List<CheckpointSummary> list();

    /**
     * Every checkpoint id the store holds, ascending as unsigned values, as LaminarDB lists them:
     * in the filesystem layout every {@code checkpoint_N} directory, whatever its padding and
     * whether or not it holds a manifest yet (a save in progress or one that crashed before its
     * manifest); in the object layout every manifest, corrupt ones included. Recovery walks these
     * ids; one without a manifest is skipped as {@code manifest not found}. Reads no manifest bodies.
     * @return the ids
     */
    List<Long> listIds();

    /**
     * The id the next checkpoint should take: one past the highest id this store holds anything
     * under, whether a manifest, the latest pointer, or state left without a manifest by a save that
     * crashed (ids compared unsigned). A writer that restarts takes its next id from here, not from
     * the recovered checkpoint, so that it never contends with the leftovers of its own crashed
     * save: on a store that fences sidecars (S3) such leftovers belong to their id until orphan
     * cleanup removes them.
     *
     * <p>The default looks at the manifests and the pointer only, which is right for stores that
     * let a save replace state left without a manifest; the backends here override it.
     * @return the next id; 1 for an empty store
     * @throws CheckpointStoreException when the highest id is 2<sup>64</sup>-1, which has no next
     */
    default long nextCheckpointId() {
        return new HighestCheckpointId().seeAll(listIds()).see(latestId()).next(location());
    }

    /**
     * Deletes all but the newest {@code keepCount} checkpoints (manifest and sidecar). At least the
     * newest checkpoint is kept: the one the latest pointer names. Only checkpoints with a manifest
     * count: a directory or sidecar left by a save cut short is {@link #cleanupOrphans()}'s, and
     * never pushes a complete checkpoint out.
     * @param keepCount how many to keep, at least 1
     * @return how many checkpoints were deleted
     */
    int prune(int keepCount);

    /**
     * Writes a checkpoint's sidecar durably, the chunks in order, without concatenating them.
     * The buffers' positions are left as they were.
     * @param checkpointId the checkpoint
     * @param chunks the sidecar's bytes
     */
    void saveStateData(long checkpointId, List<ByteBuffer> chunks);

    /**
     * Reads a whole sidecar into memory. Prefer {@link #openStateData} or
     * {@link #loadOperatorState} for large state.
     * @param checkpointId the checkpoint
     * @return the bytes, or empty when there is no sidecar
     */
    Optional<byte[]> loadStateData(long checkpointId);

    /**
     * Opens a sidecar for streaming.
     * @param checkpointId the checkpoint
     * @return a stream the caller closes, or empty when there is no sidecar
     */
    Optional<InputStream> openStateData(long checkpointId);

    /**
     * One operator's state: inline state decoded, or only that operator's slice of the sidecar.
     * @param checkpointId the checkpoint
     * @param operator the operator name
     * @return the state, or empty when the checkpoint or operator does not exist
     * @throws CorruptCheckpointException when the sidecar is shorter than the slice or the inline
     *     state is not base64
     */
    Optional<byte[]> loadOperatorState(long checkpointId, String operator);

    /**
     * The identity of a checkpoint's sidecar, from its metadata alone (one {@code stat} on the
     * filesystem, one HEAD on S3): its size and a version that changes whenever the sidecar is
     * written. A cache of validation results keys on it, next to the manifest, to notice a sidecar
     * that was rewritten or damaged behind an unchanged manifest without reading it again.
     * @param checkpointId the checkpoint
     * @return the identity, or empty when the checkpoint has no sidecar
     */
    Optional<StateIdentity> stateIdentity(long checkpointId);

    /**
     * Validates one checkpoint: its manifest, its fields and its state checksum (streamed).
     * @param checkpointId the checkpoint
     * @return the result; missing and corrupt manifests are fatal issues, not exceptions
     */
    ValidationResult validateCheckpoint(long checkpointId);

    /**
     * Finds the newest valid checkpoint, validating from the newest id down.
     * @return the report; its chosen id is empty on a fresh start
     */
    RecoveryReport recoverLatestValidated();

    /**
     * Deletes orphaned state: sidecars without a manifest, and what else a crashed save leaves
     * (an empty checkpoint directory on a filesystem, an incomplete multipart upload on S3), when
     * older than the store's orphan minimum age. What this store instance is writing is never
     * touched, whatever the minimum age: a save of an id in flight is skipped, a save that starts
     * meanwhile waits until the id's cleanup is done, and the manifest is checked once more right
     * before a sidecar is deleted. Saves in other processes are protected by the minimum age
     * alone, so it must exceed the longest save.
     * @return how many orphans were deleted
     */
    int cleanupOrphans();

    /**
     * How many prunes of this store have failed since it was built: automatic prunes after a save
     * (which log a WARN and let the save succeed) and {@link #prune} calls (which throw). What a
     * failed prune left behind is deleted by the next prune that succeeds. A metrics library can
     * read this as a monotonic counter.
     * @return the number of failed prunes; 0 for a store that does not count them
     */
    default long pruneFailures() {
        return 0;
    }

    /**
     * What this store is: its backend, location and settings.
     * @return the store's description
     */
    StoreDescription describe();

    /**
     * The vnode count this store validates against.
     * @return the vnode count, 1..65535
     */
    default int vnodeCount() {
        return describe().vnodeCount();
    }

    /**
     * Where the checkpoints live, for people: a directory, {@code s3://bucket/prefix}, or {@code memory}.
     * @return the location
     */
    default String location() {
        return describe().location();
    }
}
