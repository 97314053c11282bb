package dev.checkpointstore.core.s3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointIds;
import dev.checkpointstore.core.CheckpointIoException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreBuilder;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.HighestCheckpointId;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.StateIdentity;
import dev.checkpointstore.core.objectstore.ConditionalWritesUnsupportedException;
import dev.checkpointstore.core.objectstore.KnownCheckpoints;
import dev.checkpointstore.core.objectstore.ObjectLayout;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * A {@link CheckpointStore} in an S3 bucket (or any S3-compatible store) under a key prefix, in
 * LaminarDB's object layout ({@link ObjectLayout}), through a synchronous AWS SDK v2
 * {@link S3Client}. Safe for many writers, in one process or many:
 *
 * <ul>
 *   <li>A manifest is created with {@code If-None-Match: *}. When the id is taken, the same bytes
 *       are an idempotent retry (success) and different bytes are another writer's checkpoint: a
 *       {@link CheckpointConflictException}, the manifest and the pointer left untouched. A
 *       create whose outcome is unknown (a 5xx, a dropped connection) is never blindly repeated:
 *       the store reads the key and compares bytes first.</li>
 *   <li>The sidecar of a save is a conditional create too, so a losing writer cannot replace the
 *       winner's state; the same bytes are an idempotent retry, other bytes a
 *       {@link CheckpointConflictException} that names {@link #nextCheckpointId()}, even when the
 *       sidecar has no manifest: a crashed save's leftover keeps its id until
 *       {@link #cleanupOrphans()} removes it, and a restarted writer takes its next id from
 *       {@link #nextCheckpointId()} ({@link SidecarUpload}). It streams from the chunk list, as a
 *       multipart upload above {@link Builder#multipartThreshold} whose parts
 *       ({@link Builder#partSize}) go up {@link Builder#transferConcurrency} at a time. Reads of a
 *       larger sidecar are as many ranged GETs at once. {@code saveStateData} overwrites.</li>
 *   <li>{@code latest.json} moves by compare-and-swap on its ETag and never to a lower id
 *       ({@link LatestPointer}).</li>
 *   <li>{@link Builder#build()} probes the bucket ({@link ConditionalWriteProbe}): a store that
 *       ignores or rejects {@code If-None-Match: *} or {@code If-Match} is refused with a
 *       {@link ConditionalWritesUnsupportedException} unless {@link Builder#allowUnconditionalWrites}
 *       opts in, which logs a WARN that fencing is off.</li>
 *   <li>Idempotent requests are retried with jittered exponential backoff on 5xx, throttling and
 *       connection failures; the client's own retries are switched off for the store's requests
 *       so that one policy decides. Reads of a sidecar resume where a dropped connection left
 *       them.</li>
 *   <li>Every write can carry server-side encryption ({@link Builder#serverSideEncryption}: SSE-S3,
 *       SSE-KMS, SSE-C, whose key then goes on every read too) and a checksum S3 verifies on every PUT
 *       and part ({@link Builder#checksumAlgorithm}); sidecars can have their own storage class
 *       ({@link Builder#sidecarStorageClass}). {@link Builder#addRequestListener} counts every
 *       request the store sends, on the request itself, leaving the client's other users alone.</li>
 *   <li>Every failure is a {@link CheckpointBackendException} (or a more specific
 *       {@code CheckpointStoreException}) naming the bucket and the key; a missing bucket,
 *       rejected credentials and an unreachable endpoint say so in words.</li>
 * </ul>
 *
 * <p>Retention holds across store instances sharing a prefix (a failover overlap): a store that
 * sees another writer's move of the pointer lists the manifests once before its next automatic
 * prune, so it prunes the other writer's checkpoints too.
 *
 * <p>Requests per operation, in the steady state of one writer (the pointer's ETag and the ids are
 * cached after the first save and the first listing; retries add to these):
 * <table>
 *   <caption>S3 requests per operation</caption>
 *   <tr><th>operation</th><th>requests</th></tr>
 *   <tr><td>{@code save}</td><td>2: PUT manifest, PUT pointer (a GET more when another writer moved
 *       the pointer, or on the first save); with {@code maxRetained}, two DeleteObjects when it
 *       prunes (manifests, then sidecars), and one LIST per 1,000 manifests on the first save and
 *       after another writer moved the pointer</td></tr>
 *   <tr><td>{@code saveWithState}, state up to the threshold</td><td>3: PUT state, then as {@code save}</td></tr>
 *   <tr><td>{@code saveWithState}, larger state</td><td>3 + parts + 2: HEAD, create upload, a PUT per
 *       part, complete, then as {@code save}</td></tr>
 *   <tr><td>{@code saveStateData}</td><td>1 PUT, or 2 + parts above the threshold</td></tr>
 *   <tr><td>{@code updateManifest}</td><td>1 PUT</td></tr>
 *   <tr><td>{@code latestId}</td><td>1 GET</td></tr>
 *   <tr><td>{@code loadLatest}</td><td>2 GETs</td></tr>
 *   <tr><td>{@code loadById}, {@code loadManifestBytes}</td><td>1 GET</td></tr>
 *   <tr><td>{@code listIds}</td><td>1 LIST per 1,000 manifests (keys only)</td></tr>
 *   <tr><td>{@code list}</td><td>{@code listIds} + 1 GET per checkpoint</td></tr>
 *   <tr><td>{@code loadOperatorState}</td><td>1 GET manifest + 1 ranged GET per part size of the slice (0 for
 *       inline state)</td></tr>
 *   <tr><td>{@code openStateData}, {@code loadStateData}</td><td>1 GET per part size of the sidecar (1 up to
 *       8 MiB), up to {@link Builder#transferConcurrency} at once</td></tr>
 *   <tr><td>{@code stateIdentity}</td><td>1 HEAD</td></tr>
 *   <tr><td>{@code validateCheckpoint}</td><td>1 GET manifest + {@code openStateData} when the checksum covers
 *       the sidecar</td></tr>
 *   <tr><td>{@code recoverLatestValidated}</td><td>{@code listIds} + {@code validateCheckpoint} per checkpoint
 *       examined</td></tr>
 *   <tr><td>{@code prune}</td><td>{@code listIds} + 2 DeleteObjects per 1,000 checkpoints (manifests,
 *       then sidecars)</td></tr>
 *   <tr><td>{@code nextCheckpointId}</td><td>{@code listIds} + 1 LIST per 1,000 sidecars + 1
 *       ListMultipartUploads per 1,000 incomplete uploads + 1 GET</td></tr>
 *   <tr><td>{@code cleanupOrphans}</td><td>1 LIST per 1,000 sidecars, {@code listIds} when a sidecar is
 *       old enough, 1 HEAD per orphan and 1 DeleteObjects per 1,000 orphans; 1 ListMultipartUploads
 *       per 1,000 incomplete uploads, and a HEAD and an AbortMultipartUpload per stale one</td></tr>
 *   <tr><td>{@code build()}</td><td>6: the conditional-write probe (4 PUTs, DeleteObjects) and a LIST of
 *       leftover probe objects (a DeleteObjects more when there are any over an hour old)</td></tr>
 * </table>
 */
public final class S3CheckpointStore extends AbstractCheckpointStore {

    /** The backend name this store {@linkplain #describe() describes itself} with: {@value}. */
    public static final String BACKEND = "s3";

    /** The default size above which a sidecar is a multipart upload: 64 MiB. */
    public static final long DEFAULT_MULTIPART_THRESHOLD = 64L * 1024 * 1024;

    /**
     * The default part size: 8 MiB, the AWS SDK transfer manager's. Multipart uploads send parts of
     * this size, and reads of a larger sidecar are ranged GETs of this size.
     */
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

    /** The default number of parts of one sidecar transfer in flight at once: 8. */
    public static final int DEFAULT_TRANSFER_CONCURRENCY = 8;

    /** The smallest part S3 accepts (but for the last): 5 MiB. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** The largest part S3 accepts: 5 GiB. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    /** The default number of attempts of an idempotent request. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;

    /** How old a probe object left by a failed delete must be before a build deletes it. */
    static final Duration PROBE_LEFTOVER_AGE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(S3CheckpointStore.class);

    private final S3Bucket bucket;
    private final ObjectLayout layout;
    private final boolean conditionalWrites;
    private final boolean compareAndSwap;
    private final LatestPointer latest;
    private final SidecarUpload sidecars;
    private final PartTransfers transfers;
    private final long partSize;
    private final AtomicBoolean uploadListingRefused = new AtomicBoolean();
    private final KnownCheckpoints known = new KnownCheckpoints();

    private S3CheckpointStore(Builder builder, S3Bucket bucket, ConditionalWriteProbe.Findings findings) {
        super(builder);
        this.bucket = bucket;
        this.layout = new ObjectLayout(builder.prefix);
        this.conditionalWrites = findings.createOnlyHonoured();
        this.compareAndSwap = findings.allHonoured();
        this.latest = new LatestPointer(bucket, layout.latestKey(), compareAndSwap);
        this.partSize = builder.partSize;
        this.transfers = new PartTransfers(builder.transferExecutor != null ? builder.transferExecutor
                : PartTransfers.daemonPool(builder.transferConcurrency), builder.transferConcurrency);
        this.sidecars = new SidecarUpload(bucket, layout, conditionalWrites, builder.multipartThreshold,
                builder.partSize, transfers);
    }

    /**
     * A builder with the defaults: no prefix, keep all checkpoints, vnode count 256, orphan
     * minimum age 1 hour, multipart above 64 MiB in 8 MiB parts, 8 parts of a transfer at once,
     * 6 attempts per request.
     * @param client the client; its endpoint, region, credentials and path-style setting are used as they are
     * @param bucket the bucket, which must exist
     * @return a new builder
     */
    public static Builder builder(S3Client client, String bucket) {
        return new Builder(client, bucket);
    }

    /**
     * Whether this store fences every write with conditional requests; false only when the bucket
     * does not honour {@code If-None-Match: *} or {@code If-Match} and the builder allowed
     * unconditional writes. (Manifests and sidecars stay fenced when only {@code If-Match} fails.)
     * @return true when every write is conditional
     */
    public boolean conditionalWrites() {
        return conditionalWrites && compareAndSwap;
    }

    /**
     * The bucket.
     * @return its name
     */
    public String bucket() {
        return bucket.name();
    }

    /**
     * The key prefix.
     * @return empty or ending with {@code /}
     */
    public String prefix() {
        return layout.prefix();
    }

    /**
     * How many parts of one sidecar transfer are in flight at once.
     * @return at least 1
     */
    public int transferConcurrency() {
        return transfers.concurrency();
    }

    /**
     * The part size of sidecar transfers: of multipart uploads, and of the ranged GETs of a read.
     * @return bytes
     */
    public long partSize() {
        return partSize;
    }

    // ---- primitives ----

    /** One GET. */
    @Override
    protected Optional<byte[]> readManifest(long checkpointId) {
        String key = layout.manifestKey(checkpointId);
        return bucket.get(key, "read the manifest of checkpoint " + Long.toUnsignedString(checkpointId) + " from", maxManifestBytes(),
                size -> manifestOverLimit(checkpointId, bucket.location(key), size))
                .map(S3Bucket.Blob::bytes);
    }

    /**
     * One PUT with {@code If-None-Match: *}; on 412 one GET to compare. After a failure whose
     * outcome is unknown the key is read (and compared) before the create is tried again.
     */
    @Override
    protected void writeManifest(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        String key = layout.manifestKey(id);
        String action = "write the manifest of checkpoint " + Long.toUnsignedString(id) + " to";
        if (!conditionalWrites) {
            if (!matchesExisting(manifest, json, key)) {
                bucket.put(key, action, RequestBody.fromBytes(json));
            }
            known.remember(id);
            return;
        }
        int failures = 0;
        while (true) {
            RuntimeException failure;
            try {
                bucket.putOnce(key, RequestBody.fromBytes(json), r -> r.ifNoneMatch("*").contentType("application/json"));
                known.remember(id);
                return;
            }
            catch (RuntimeException ex) {
                failure = ex;
            }
            S3Failures.Kind kind = S3Failures.kind(failure);
            if (kind == S3Failures.Kind.PRECONDITION_FAILED || kind == S3Failures.Kind.TRANSIENT) {
                if (matchesExisting(manifest, json, key)) {
                    known.remember(id);
                    return;
                }
            }
            else if (kind != S3Failures.Kind.CONFLICT) {
                throw bucket.failures().failure(action, key, failure);
            }
            if (++failures >= bucket.backoff().maxAttempts()) {
                throw bucket.failures().failure(action, key, failure);
            }
            bucket.backoff().pause(failures);
        }
    }

    /** One PUT, retried: an unconditional overwrite. */
    @Override
    protected void overwriteManifest(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        String key = layout.manifestKey(id);
        bucket.put(key, "overwrite the manifest of checkpoint " + Long.toUnsignedString(id) + " at", RequestBody.fromBytes(json));
        known.remember(id);
    }

    /** One conditional PUT with the cached ETag; a GET and a PUT more per writer that moved it in between. */
    @Override
    protected void advanceLatest(long checkpointId) {
        latest.advanceTo(checkpointId);
    }

    /** One PUT (up to the multipart threshold) that overwrites. */
    @Override
    protected void writeState(long checkpointId, List<ByteBuffer> chunks) {
        sidecars.write(checkpointId, chunks, false);
    }

    /**
     * One PUT (up to the multipart threshold) that creates, fenced against other writers: a
     * different sidecar already there is a conflict, with or without a manifest ({@link SidecarUpload}).
     */
    @Override
    protected void writeStateForSave(long checkpointId, List<ByteBuffer> chunks) {
        try {
            sidecars.write(checkpointId, chunks, true);
        }
        catch (CheckpointConflictException ex) {
            throw withNextFreeId(ex);
        }
    }

    /**
     * Two rounds of one DeleteObjects per 1,000 checkpoints: the manifests, then the sidecars of the
     * checkpoints whose manifest is gone. DeleteObjects deletes the keys of a batch in no promised
     * order and may fail some of them, so a checkpoint whose manifest is refused keeps its sidecar
     * and stays whole; a sidecar that is refused is an orphan, retried by the next prune.
     */
    @Override
    protected void deleteCheckpoints(List<Long> checkpointIds) {
        List<String> manifestKeys = new ArrayList<>(checkpointIds.size());
        for (long id : checkpointIds) {
            manifestKeys.add(layout.manifestKey(id));
        }
        List<S3Error> manifestErrors = bucket.deleteAll(manifestKeys, "delete the manifests of checkpoints under");
        Set<Long> whole = new TreeSet<>(Long::compareUnsigned);
        for (S3Error error : manifestErrors) {
            layout.manifestId(error.key()).ifPresent(whole::add);
        }
        List<Long> sidecars = known.sidecarsToDelete(checkpointIds, whole, null);
        List<String> stateKeys = new ArrayList<>(sidecars.size());
        for (long id : sidecars) {
            stateKeys.add(layout.stateKey(id));
        }
        List<S3Error> stateErrors = bucket.deleteAll(stateKeys, "delete the state of pruned checkpoints under");
        Set<Long> orphans = new TreeSet<>(Long::compareUnsigned);
        for (S3Error error : stateErrors) {
            layout.stateId(error.key()).ifPresent(orphans::add);
        }
        known.sidecarsDeleted(sidecars, orphans);
        if (!manifestErrors.isEmpty() || !stateErrors.isEmpty()) {
            throw new CheckpointBackendException("cannot delete every pruned checkpoint under " + location() + ":"
                    + describeLeft(whole, manifestErrors, "kept whole") + describeLeft(orphans, stateErrors,
                    "manifest deleted, state left as an orphan for the next prune"));
        }
    }

    @Override
    protected String manifestLocation(long checkpointId) {
        return bucket.location(layout.manifestKey(checkpointId));
    }

    /**
     * One ranged GET per part size of the slice, up to the transfer concurrency at once (a HEAD for
     * an empty slice).
     */
    @Override
    protected Optional<InputStream> openStateSlice(long checkpointId, long offset, long length) throws IOException {
        String key = layout.stateKey(checkpointId);
        String action = "read the state of checkpoint " + Long.toUnsignedString(checkpointId) + " from";
        if (length == 0) {
            return bucket.head(key, action).map(head -> InputStream.nullInputStream());
        }
        return download(checkpointId).open(offset, offset + length);
    }

    /**
     * The ids this store has seen since its first listing (the first automatic prune lists): no
     * LIST after that while it is the only writer. When another writer has moved the pointer
     * (a compare-and-swap failed, or a read found a version this store did not write), that writer
     * saved checkpoints this store has not seen: it lists again, so that retention holds across
     * every store on the prefix.
     */
    @Override
    protected List<Long> autoPruneIds() {
        return known.forPrune(latest, this::listIds);
    }

    // ---- the rest of the contract ----

    /** One GET. */
    @Override
    public OptionalLong latestId() {
        return latest.read();
    }

    /** One LIST request per 1,000 manifests; reads keys only. */
    @Override
    public List<Long> listIds() {
        TreeSet<Long> ids = new TreeSet<>(CheckpointIds.ORDER);
        bucket.list(layout.manifestListPrefix(), "list the manifests under",
                object -> layout.manifestId(object.key()).ifPresent(ids::add));
        known.listed(ids);
        return new ArrayList<>(ids);
    }

    /**
     * One HEAD: the sidecar's Content-Length, and as version its ETag (its LastModified on a store
     * that sends no ETag).
     */
    @Override
    public Optional<StateIdentity> stateIdentity(long checkpointId) {
        String action = "read the metadata of the state of checkpoint " + Long.toUnsignedString(checkpointId) + " at";
        return bucket.head(layout.stateKey(checkpointId), action).map(head -> new StateIdentity(
                head.contentLength() == null ? 0 : head.contentLength(),
                head.eTag() != null ? "etag=" + head.eTag() : "last-modified=" + head.lastModified()));
    }

    /**
     * One ranged GET up to the part size; a larger sidecar is read in ranged GETs of the part size,
     * up to the transfer concurrency at once and handed out in order, holding at most that many
     * parts in memory. A dropped connection resumes with a ranged GET; every part after the first
     * is pinned to the first one's ETag ({@link RangedDownload}).
     */
    @Override
    public Optional<InputStream> openStateData(long checkpointId) {
        try {
            return download(checkpointId).open(0, -1);
        }
        catch (EOFException ex) {
            throw new IllegalStateException("a read from byte 0 cannot start past the end", ex);
        }
    }

    /**
     * As {@link #openStateData}, into one array of the sidecar's size: each part's GET reads
     * straight into its place.
     */
    @Override
    public Optional<byte[]> loadStateData(long checkpointId) {
        try {
            return download(checkpointId).readAll();
        }
        catch (UncheckedIOException ex) {
            throw new CheckpointIoException("cannot read the state of checkpoint " + Long.toUnsignedString(checkpointId)
                    + " at " + bucket.location(layout.stateKey(checkpointId)) + ": " + ex.getCause().getMessage(),
                    ex.getCause());
        }
    }

    /**
     * One past the highest id among the manifests, the sidecars, the incomplete multipart uploads
     * of sidecars and the pointer: {@code listIds}, one LIST per 1,000 sidecars, one
     * ListMultipartUploads per 1,000 uploads and one GET. A corrupt pointer names no id and is
     * left out (the next save repairs it).
     */
    @Override
    public long nextCheckpointId() {
        HighestCheckpointId highest = new HighestCheckpointId().seeAll(listIds());
        bucket.list(layout.stateListPrefix(), "list the state under", state -> highest.see(layout.stateId(state.key())));
        incompleteUploads(upload -> highest.see(layout.stateId(upload.key())));
        try {
            highest.see(latest.read());
        }
        catch (CorruptCheckpointException ex) {
            // names no id
        }
        return highest.next(location());
    }

    /**
     * Takes the ids this store is writing, then lists the sidecars (one LIST per 1,000) and, when
     * any is older than the orphan minimum age, the manifests ({@code listIds}). While saves of
     * the orphans' ids are held off, it checks with one HEAD per orphan that its manifest still does
     * not exist and deletes those (one DeleteObjects per 1,000). Then it aborts the multipart
     * uploads of sidecars initiated before the minimum age (one ListMultipartUploads per 1,000 and
     * one abort each), except where the sidecar's key holds an object: some S3-compatible stores
     * (S3Mock) delete the object when an upload of its key is aborted, so such an upload is left to
     * the bucket's lifecycle rule for incomplete uploads. Ages are S3's LastModified and Initiated
     * against this store's clock.
     */
    @Override
    public int cleanupOrphans() {
        Instant cutoff = clock().instant().minus(orphanMinAge());
        Set<Long> busy = idsInFlight();
        Map<Long, String> orphans = new LinkedHashMap<>();
        bucket.list(layout.stateListPrefix(), "list the state under", state -> {
            OptionalLong id = layout.stateId(state.key());
            if (id.isPresent() && !busy.contains(id.getAsLong()) && olderThan(state.lastModified(), cutoff)) {
                orphans.put(id.getAsLong(), state.key());
            }
        });
        if (!orphans.isEmpty()) {
            orphans.keySet().removeAll(new HashSet<>(listIds()));
        }
        int removed = removeHeldOrphans(orphans.keySet(), held -> deleteOrphanedState(held, orphans));
        return removed + abortStaleUploads(cutoff, busy);
    }

    private int deleteOrphanedState(List<Long> held, Map<Long, String> keys) {
        List<String> doomed = new ArrayList<>();
        for (long id : held) {
            String action = "check for the manifest of checkpoint " + Long.toUnsignedString(id) + " at";
            if (bucket.head(layout.manifestKey(id), action).isEmpty()) {
                doomed.add(keys.get(id));
            }
        }
        List<S3Error> errors = bucket.deleteAll(doomed, "delete orphaned state under");
        throwFirst(errors, "delete orphaned state");
        return doomed.size();
    }

    private int abortStaleUploads(Instant cutoff, Set<Long> busy) {
        Map<Long, List<String>> stale = new LinkedHashMap<>();
        incompleteUploads(upload -> {
            OptionalLong id = layout.stateId(upload.key());
            if (id.isPresent() && !busy.contains(id.getAsLong()) && olderThan(upload.initiated(), cutoff)) {
                stale.computeIfAbsent(id.getAsLong(), k -> new ArrayList<>()).add(upload.uploadId());
            }
        });
        return removeHeldOrphans(stale.keySet(), held -> {
            int aborted = 0;
            for (long id : held) {
                String key = layout.stateKey(id);
                String checkpoint = "checkpoint " + Long.toUnsignedString(id);
                if (bucket.head(key, "check for the state of " + checkpoint + " at").isPresent()) {
                    log.info("Left {} incomplete multipart uploads of {} in place: the key holds the state of {}",
                            stale.get(id).size(), bucket.location(key), checkpoint);
                    continue;
                }
                for (String uploadId : stale.get(id)) {
                    bucket.abortMultipart(key, uploadId, "abort the incomplete multipart upload " + uploadId + " of");
                    aborted++;
                }
            }
            return aborted;
        });
    }

    /**
     * The incomplete multipart uploads of sidecars; none where the store does not list them (501)
     * or the credentials may not (403), with one WARN per store.
     */
    private void incompleteUploads(Consumer<MultipartUpload> each) {
        try {
            bucket.listMultipartUploads(layout.stateListPrefix(), "list the incomplete multipart uploads under", each);
        }
        catch (CheckpointBackendException ex) {
            Throwable cause = ex.getCause();
            if (cause == null || !S3Failures.isNotImplemented(cause) && !S3Failures.isAccessDenied(cause)) {
                throw ex;
            }
            if (uploadListingRefused.compareAndSet(false, true)) {
                log.warn("{}; nextCheckpointId does not see incomplete multipart uploads and cleanupOrphans does not"
                        + " abort them. Allow s3:ListBucketMultipartUploads on the bucket, or give it a lifecycle rule"
                        + " that aborts incomplete multipart uploads", ex.getMessage());
            }
        }
    }

    private static boolean olderThan(@Nullable Instant time, Instant cutoff) {
        return time != null && !time.isAfter(cutoff);
    }

    @Override
    protected String backendName() {
        return BACKEND;
    }

    @Override
    public String location() {
        return "s3://" + bucket.name() + "/" + layout.prefix();
    }

    @Override
    public String toString() {
        return "S3CheckpointStore[" + location() + "]";
    }

    // ---- helpers ----

    /**
     * Compares our manifest with the one stored under its key.
     * @return true when it holds our bytes; false when there is none
     * @throws CheckpointConflictException when it holds another writer's manifest
     */
    private boolean matchesExisting(CheckpointManifest ours, byte[] json, String key) {
        long id = ours.checkpointId();
        Optional<byte[]> existing = readManifest(id);
        if (existing.isEmpty()) {
            return false;
        }
        if (Arrays.equals(existing.get(), json)) {
            return true;
        }
        throw withNextFreeId(new CheckpointConflictException(id, "checkpoint " + Long.toUnsignedString(id) + " at " + bucket.location(key)
                + " was already written by another writer: theirs " + describe(existing.get()) + ", ours "
                + describe(json) + "; left theirs and the latest pointer untouched"));
    }

    private static String describe(byte[] json) {
        try {
            CheckpointManifest manifest = ManifestCodec.decode(json);
            return "(epoch " + Long.toUnsignedString(manifest.epoch()) + ", timestamp_ms "
                    + Long.toUnsignedString(manifest.timestampMs()) + ", " + json.length + " bytes)";
        }
        catch (CorruptCheckpointException ex) {
            return "(unparseable, " + json.length + " bytes)";
        }
    }

    private RangedDownload download(long checkpointId) {
        return new RangedDownload(bucket, transfers, partSize, layout.stateKey(checkpointId),
                "read the state of checkpoint " + Long.toUnsignedString(checkpointId) + " from");
    }

    private String describeLeft(Set<Long> ids, List<S3Error> errors, String consequence) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(ids.size() == 1 ? " checkpoint " : " checkpoints ");
        text.append(ids.stream().map(Long::toUnsignedString).collect(Collectors.joining(", ")))
                .append(" (").append(consequence).append("):");
        for (S3Error error : errors) {
            text.append(' ').append(bucket.location(error.key())).append(": ").append(error.code()).append(' ')
                    .append(error.message()).append(';');
        }
        return text.toString();
    }

    private void throwFirst(List<S3Error> errors, String action) {
        if (errors.isEmpty()) {
            return;
        }
        S3Error first = errors.get(0);
        throw new CheckpointBackendException("cannot " + action + ": " + bucket.location(first.key()) + ": "
                + first.code() + " " + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1)
                + " more keys failed)" : ""));
    }

    /**
     * The conflict, with the next free id in its message when it can be read (else as it was).
     * @param conflict the conflict as found
     * @return the conflict to throw
     */
    private CheckpointConflictException withNextFreeId(CheckpointConflictException conflict) {
        long next;
        try {
            next = nextCheckpointId();
        }
        catch (RuntimeException ex) {
            conflict.addSuppressed(ex);
            return conflict;
        }
        return new CheckpointConflictException(conflict.checkpointId(), conflict.getMessage()
                + "; the next free checkpoint id is " + Long.toUnsignedString(next), OptionalLong.of(next));
    }

    /** Configures an {@link S3CheckpointStore}. */
    public static final class Builder extends CheckpointStoreBuilder<Builder> {

        private final S3Client client;
        private final String bucket;
        private String prefix = "";
        private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
        private long partSize = DEFAULT_PART_SIZE;
        private int transferConcurrency = DEFAULT_TRANSFER_CONCURRENCY;
        private @Nullable Executor transferExecutor;
        private boolean allowUnconditionalWrites;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBaseDelay = Duration.ofMillis(50);
        private Duration retryMaxDelay = Duration.ofSeconds(2);
        private S3Encryption encryption = S3Encryption.none();
        private @Nullable ChecksumAlgorithm checksumAlgorithm;
        private @Nullable StorageClass sidecarStorageClass;
        private final List<S3RequestListener> requestListeners = new ArrayList<>();

        private Builder(S3Client client, String bucket) {
            this.client = Objects.requireNonNull(client, "client");
            Objects.requireNonNull(bucket, "bucket");
            if (bucket.isBlank() || bucket.contains("/")) {
                throw new IllegalArgumentException("bucket must be a bucket name, was '" + bucket + "'");
            }
            this.bucket = bucket;
        }

        /**
         * @param prefix the key prefix of every object, empty or ending with {@code /} (e.g. {@code nodes/a/})
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = ObjectLayout.checkPrefix(Objects.requireNonNull(prefix, "prefix"));
            return this;
        }




        /**
         * @param multipartThreshold the sidecar size above which it is uploaded in parts, positive
         * @return this builder
         */
        public Builder multipartThreshold(long multipartThreshold) {
            if (multipartThreshold < 1) {
                throw new IllegalArgumentException("multipartThreshold must be positive, was " + multipartThreshold);
            }
            this.multipartThreshold = multipartThreshold;
            return this;
        }

        /**
         * @param partSize the part size of sidecar transfers, 5 MiB..5 GiB: multipart uploads send
         *     parts of this size (raised when a sidecar would need more than 10,000 parts), and a
         *     larger sidecar is read in ranged GETs of this size. A read holds up to
         *     {@link #transferConcurrency} parts in memory
         * @return this builder
         */
        public Builder partSize(long partSize) {
            if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
                throw new IllegalArgumentException("partSize must be 5 MiB..5 GiB (" + MIN_PART_SIZE + ".." + MAX_PART_SIZE
                        + " bytes), was " + partSize);
            }
            this.partSize = partSize;
            return this;
        }

        /**
         * @param transferConcurrency how many parts of one sidecar transfer (the parts of a multipart
         *     upload, the ranged GETs of a read) are in flight at once, at least 1; 1 moves them one
         *     after another on the caller's thread. The client's HTTP connection pool should allow at
         *     least this many connections (the SDK's default allows 50)
         * @return this builder
         */
        public Builder transferConcurrency(int transferConcurrency) {
            if (transferConcurrency < 1) {
                throw new IllegalArgumentException("transferConcurrency must be at least 1, was " + transferConcurrency);
            }
            this.transferConcurrency = transferConcurrency;
            return this;
        }

        /**
         * @param transferExecutor runs the parts of sidecar transfers, and should have at least
         *     {@link #transferConcurrency} threads and must not be one whose threads call the store and
         *     wait (its parts would queue behind those calls); the store does not shut it down. Null (the
         *     default) gives the store a pool of its own: up to {@code transferConcurrency} daemon
         *     threads that end after 30 seconds without work, so the store needs no close
         * @return this builder
         */
        public Builder transferExecutor(@Nullable Executor transferExecutor) {
            this.transferExecutor = transferExecutor;
            return this;
        }

        /**
         * @param allowUnconditionalWrites whether to accept a store that ignores or rejects
         *     {@code If-None-Match: *} (manifests and sidecars are then written after a read, not
         *     only if absent, and two writers of one id can overwrite each other) or {@code If-Match}
         *     (the latest pointer is then moved by a read and a plain write, and concurrent writers
         *     can move it back); {@link #build()} logs a WARN that fencing is off
         * @return this builder
         */
        public Builder allowUnconditionalWrites(boolean allowUnconditionalWrites) {
            this.allowUnconditionalWrites = allowUnconditionalWrites;
            return this;
        }


        /**
         * @param maxAttempts how many times an idempotent request is tried on transient failures, at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param baseDelay the backoff ceiling before the first retry, doubled for each next one
         * @param maxDelay the largest backoff ceiling
         * @return this builder
         */
        public Builder retryDelays(Duration baseDelay, Duration maxDelay) {
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max, were " + baseDelay
                        + " and " + maxDelay);
            }
            this.retryBaseDelay = baseDelay;
            this.retryMaxDelay = maxDelay;
            return this;
        }


        /**
         * @param encryption the server-side encryption of every object written ({@link S3Encryption#none()}
         *     by default: the bucket's default encryption); with a customer key (SSE-C) every read
         *     carries the key too
         * @return this builder
         */
        public Builder serverSideEncryption(S3Encryption encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }

        /**
         * @param checksumAlgorithm the checksum the SDK computes and S3 verifies on every PUT and every
         *     part of a multipart upload: {@code CRC32}, {@code CRC32_C}, {@code SHA1} or {@code SHA256};
         *     null (the default) leaves single PUTs to the client's own setting (the SDK sends CRC32
         *     unless its {@code requestChecksumCalculation} is {@code WHEN_REQUIRED}) and uses CRC32 for parts
         * @return this builder
         */
        public Builder checksumAlgorithm(@Nullable ChecksumAlgorithm checksumAlgorithm) {
            if (checksumAlgorithm != null && !S3RequestOptions.SUPPORTED_CHECKSUMS.contains(checksumAlgorithm)) {
                throw new IllegalArgumentException("checksumAlgorithm must be one of "
                        + S3RequestOptions.SUPPORTED_CHECKSUMS + ", was " + checksumAlgorithm);
            }
            this.checksumAlgorithm = checksumAlgorithm;
            return this;
        }

        /**
         * @param sidecarStorageClass the storage class of sidecars ({@code state-N.bin}), such as
         *     {@code STANDARD_IA}; null (the default) for the bucket's default. Manifests and the
         *     latest pointer, small and read on every recovery, keep the default. The archive classes
         *     {@code GLACIER} and {@code DEEP_ARCHIVE}, which need a restore before a read, are refused
         * @return this builder
         */
        public Builder sidecarStorageClass(@Nullable StorageClass sidecarStorageClass) {
            if (sidecarStorageClass == StorageClass.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalArgumentException("sidecarStorageClass must be a storage class S3 knows, one of "
                        + StorageClass.knownValues());
            }
            if (sidecarStorageClass == StorageClass.GLACIER || sidecarStorageClass == StorageClass.DEEP_ARCHIVE) {
                throw new IllegalArgumentException("sidecarStorageClass must allow reads without a restore, was "
                        + sidecarStorageClass + ": recovery and validation read sidecars at once (GLACIER_IR does)");
            }
            this.sidecarStorageClass = sidecarStorageClass;
            return this;
        }

        /**
         * @param listener told of every HTTP request the store sends, retries included (a request
         *     counter); the store's requests carry it themselves, so the client's other users are not
         *     affected. The parts of a transfer tell it from several threads at once
         * @return this builder
         */
        public Builder addRequestListener(S3RequestListener listener) {
            requestListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the store after probing the bucket for the conditional writes it relies on
         * ({@code If-None-Match: *} and {@code If-Match}; four PUTs and a delete) and deleting
         * probe objects that earlier failed deletes left (one LIST). A missing bucket, rejected
         * credentials or an unreachable endpoint fail here.
         * @return the store
         * @throws ConditionalWritesUnsupportedException when the bucket ignores or rejects a
         *     conditional write and unconditional writes are not allowed
         * @throws CheckpointBackendException when the bucket cannot be used
         */
        public S3CheckpointStore build() {
            S3Bucket s3 = new S3Bucket(client, bucket, new Backoff(maxAttempts, retryBaseDelay, retryMaxDelay),
                    new S3RequestOptions(encryption, checksumAlgorithm, sidecarStorageClass, requestListeners));
            ObjectLayout layout = new ObjectLayout(prefix);
            ConditionalWriteProbe.Findings findings = ConditionalWriteProbe.probe(s3,
                    layout.probeKey(UUID.randomUUID().toString()));
            if (!findings.allHonoured()) {
                if (!allowUnconditionalWrites) {
                    throw new ConditionalWritesUnsupportedException("the object store behind bucket '" + bucket
                            + "' does not honour conditional writes as this store needs them: " + findings.problems()
                            + ". Use a store that implements If-None-Match: * and If-Match on PUT (AWS S3 does), or"
                            + " accept writers that are not fenced against each other with"
                            + " allowUnconditionalWrites(true)", findings.failing().stream()
                            .map(ConditionalWriteProbe.Header::header).toList());
                }
                log.warn("Fencing is off for the S3 checkpoint store s3://{}/{}: {}. allowUnconditionalWrites(true)"
                        + " is set, so {}. Run at most one writer on this prefix.", bucket, prefix, findings.problems(),
                        unfenced(findings));
            }
            ConditionalWriteProbe.removeLeftovers(s3, layout.probeListPrefix(),
                    clock().instant().minus(PROBE_LEFTOVER_AGE));
            return new S3CheckpointStore(this, s3, findings);
        }

        private static String unfenced(ConditionalWriteProbe.Findings findings) {
            List<String> unfenced = new ArrayList<>(2);
            if (!findings.createOnlyHonoured()) {
                unfenced.add("manifests and sidecars are written after a read instead of only if absent, and two"
                        + " writers of one checkpoint id can overwrite each other's");
            }
            if (!findings.compareAndSwapHonoured() || !findings.createOnlyHonoured()) {
                unfenced.add("the latest pointer is moved by a read and a plain write instead of a compare-and-swap,"
                        + " and concurrent writers can move it back");
            }
            return String.join("; ", unfenced);
        }
    }
}
