package dev.checkpointstore.core.azure;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
import java.util.stream.Collectors;


import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointIds;
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

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;

/**
 * A {@link CheckpointStore} in an Azure Blob Storage container under a blob-name prefix, in
 * LaminarDB's object layout ({@link ObjectLayout}: the same names as on S3, so a tree copied
 * between the two reads the same), through a synchronous {@link BlobContainerClient}. Safe for many
 * writers, in one process or many:
 *
 * <ul>
 *   <li>A manifest is created with {@code If-None-Match: *}. When the id is taken (409
 *       {@code BlobAlreadyExists}), the same bytes are an idempotent retry (success) and different
 *       bytes are another writer's checkpoint: a {@link CheckpointConflictException}, the manifest
 *       and the pointer left untouched. A create whose outcome is unknown is never blindly
 *       repeated: the store reads the blob and compares bytes.</li>
 *   <li>The sidecar of a save is a conditional create too (a Put Blob, or blocks staged in
 *       parallel and committed with {@code If-None-Match: *}), so a losing writer cannot replace the
 *       winner's state; a crashed save's sidecar keeps its id until {@link #cleanupOrphans()}
 *       removes it, and a restarted writer takes {@link #nextCheckpointId()}.
 *       {@code saveStateData} overwrites.</li>
 *   <li>{@code latest.json} moves by compare-and-swap on its ETag ({@code If-Match}, 412
 *       {@code ConditionNotMet} when another writer moved it) and never to a lower id.</li>
 *   <li>{@link Builder#build()} probes the container for both conditional writes and refuses one
 *       that does not honour them with a {@link ConditionalWritesUnsupportedException}.</li>
 *   <li>Reads of state are ranged GETs, each conditioned on the ETag of the first, so a sidecar
 *       replaced mid-read fails the read instead of mixing versions. Deletes go through the blob
 *       batch API, {@value AzureContainer#MAX_BATCH} blobs per request.</li>
 *   <li>Transient failures are retried by the client's own retry policy (its
 *       {@code RequestRetryOptions}, or {@code spring.cloud.azure.storage.blob.retry.*}); the store
 *       settles writes whose outcome is still unknown by reading back. Every failure is a
 *       {@link CheckpointBackendException} naming the blob's URL; a missing container, refused
 *       credentials and an unreachable endpoint say so in words.</li>
 * </ul>
 *
 * <p>Requests per operation, in the steady state of one writer:
 * <table>
 *   <caption>Azure Blob requests per operation</caption>
 *   <tr><th>operation</th><th>requests</th></tr>
 *   <tr><td>{@code save}</td><td>2: Put Blob manifest, Put Blob pointer (a GET more when another
 *       writer moved the pointer, or on the first save); with {@code maxRetained}, when it prunes, a
 *       List Blobs of the sidecars and two batch requests (manifests, then sidecars), and one List
 *       Blobs per 5,000 manifests on the first
 *       save and after another writer moved the pointer</td></tr>
 *   <tr><td>{@code saveWithState}, state up to the threshold</td><td>3: Put Blob state, then as {@code save}</td></tr>
 *   <tr><td>{@code saveWithState}, larger state</td><td>HEAD, a Put Block per block, Put Block List,
 *       then as {@code save}</td></tr>
 *   <tr><td>{@code loadLatest}</td><td>2 GETs</td></tr>
 *   <tr><td>{@code listIds}</td><td>1 List Blobs per 5,000 manifests (names only)</td></tr>
 *   <tr><td>{@code recoverLatestValidated}</td><td>{@code listIds} + 2 GETs per checkpoint examined</td></tr>
 *   <tr><td>{@code prune}</td><td>{@code listIds} + 2 batch requests per 256 checkpoints</td></tr>
 *   <tr><td>{@code build()}</td><td>6: four Put Blobs and a batch delete for the probe, and a List
 *       Blobs of leftover probe blobs</td></tr>
 * </table>
 */
public final class AzureBlobCheckpointStore extends AbstractCheckpointStore {

    /** The backend name this store {@linkplain #describe() describes itself} with: {@value}. */
    public static final String BACKEND = "azure";

    /** The default size above which a sidecar is uploaded as staged blocks: 64 MiB. */
    public static final long DEFAULT_SINGLE_UPLOAD_THRESHOLD = 64L * 1024 * 1024;

    /** The default block size: 8 MiB. */
    public static final long DEFAULT_BLOCK_SIZE = 8L * 1024 * 1024;

    /** The largest block Azure accepts: 4,000 MiB. */
    public static final long MAX_BLOCK_SIZE = 4000L * 1024 * 1024;

    /** The largest single Put Blob Azure accepts: 5,000 MiB. */
    public static final long MAX_SINGLE_UPLOAD = 5000L * 1024 * 1024;

    /** The default number of blocks staged at once. */
    public static final int DEFAULT_UPLOAD_PARALLELISM = 4;

    /** How old a probe blob left by a failed delete must be before a build deletes it. */
    static final Duration PROBE_LEFTOVER_AGE = Duration.ofHours(1);

    private final AzureContainer container;
    private final ObjectLayout layout;
    private final AzureLatestPointer latest;
    private final AzureSidecarUpload sidecars;
    private final KnownCheckpoints known = new KnownCheckpoints();

    private AzureBlobCheckpointStore(Builder builder, AzureContainer container) {
        super(builder);
        this.container = container;
        this.layout = new ObjectLayout(builder.prefix);
        this.latest = new AzureLatestPointer(container, layout.latestKey());
        this.sidecars = new AzureSidecarUpload(container, layout, builder.singleUploadThreshold, builder.blockSize,
                builder.uploadParallelism);
    }

    /**
     * A builder with the defaults: no prefix, keep all checkpoints, vnode count 256, orphan minimum
     * age 1 hour, staged blocks of 8 MiB above 64 MiB, 4 blocks at once.
     * @param client the container's client; its endpoint, credentials and retry policy are used as they are
     * @return a new builder
     */
    public static Builder builder(BlobContainerClient client) {
        return new Builder(client);
    }

    /**
     * A builder for a container of an account, with the defaults of {@link #builder(BlobContainerClient)}.
     * @param service the account's client
     * @param container the container, which must exist
     * @return a new builder
     */
    public static Builder builder(BlobServiceClient service, String container) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(container, "container");
        if (container.isBlank() || container.contains("/")) {
            throw new IllegalArgumentException("container must be a container name, was '" + container + "'");
        }
        return new Builder(service.getBlobContainerClient(container));
    }

    /**
     * The container.
     * @return its name
     */
    public String container() {
        return container.name();
    }

    /**
     * The blob-name prefix.
     * @return empty or ending with {@code /}
     */
    public String prefix() {
        return layout.prefix();
    }

    // ---- primitives ----

    /** One GET. */
    @Override
    protected Optional<byte[]> readManifest(long checkpointId) {
        String blob = layout.manifestKey(checkpointId);
        return container.get(blob, "read the manifest of checkpoint " + Long.toUnsignedString(checkpointId) + " from",
                maxManifestBytes(), size -> manifestOverLimit(checkpointId, container.location(blob), size))
                .map(AzureContainer.Blob::bytes);
    }

    /**
     * One Put Blob with {@code If-None-Match: *}; on 409 one GET to compare. After a failure whose
     * outcome is unknown the blob is read (and compared) before anything else.
     */
    @Override
    protected void writeManifest(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        String blob = layout.manifestKey(id);
        String action = "write the manifest of checkpoint " + Long.toUnsignedString(id) + " to";
        for (int attempt = 1;; attempt++) {
            try {
                container.putOnce(blob, BinaryData.fromBytes(json), new BlobRequestConditions().setIfNoneMatch("*"),
                        AzureContainer.JSON);
                known.remember(id);
                return;
            }
            catch (RuntimeException ex) {
                AzureFailures.Kind kind = AzureFailures.kind(ex);
                if (kind != AzureFailures.Kind.ALREADY_EXISTS && kind != AzureFailures.Kind.PRECONDITION_FAILED
                        && kind != AzureFailures.Kind.TRANSIENT) {
                    throw container.failures().failure(action, blob, ex);
                }
                if (matchesExisting(manifest, json, blob)) {
                    known.remember(id);
                    return;
                }
                // absent: an unknown outcome that did not land, or a manifest deleted since the refusal
                if (attempt >= 3) {
                    throw container.failures().failure(action, blob, ex);
                }
            }
        }
    }

    /** One Put Blob: an unconditional overwrite. */
    @Override
    protected void overwriteManifest(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        String blob = layout.manifestKey(id);
        container.put(blob, "overwrite the manifest of checkpoint " + Long.toUnsignedString(id) + " at", json,
                AzureContainer.JSON);
        known.remember(id);
    }

    /** One conditional Put Blob with the cached ETag; a GET and a Put Blob more per writer that moved it in between. */
    @Override
    protected void advanceLatest(long checkpointId) {
        latest.advanceTo(checkpointId);
    }

    /** One Put Blob (up to the threshold) that overwrites. */
    @Override
    protected void writeState(long checkpointId, List<ByteBuffer> chunks) {
        sidecars.write(checkpointId, chunks, false);
    }

    /** One Put Blob (up to the threshold) that creates, fenced against other writers. */
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
     * One batch request per 256 manifests, one List Blobs per 5,000 sidecars, and one batch request
     * per 256 sidecars of the checkpoints whose manifest is gone. The listing keeps sidecars that do
     * not exist (checkpoints saved without state) out of the batch: the SDK logs every refused
     * sub-request at ERROR, 404s included. A checkpoint whose manifest delete fails keeps its
     * sidecar and stays whole; a sidecar whose delete fails is an orphan, retried by the next prune.
     */
    @Override
    protected void deleteCheckpoints(List<Long> checkpointIds) {
        List<String> manifestBlobs = new ArrayList<>(checkpointIds.size());
        for (long id : checkpointIds) {
            manifestBlobs.add(layout.manifestKey(id));
        }
        List<AzureContainer.DeleteError> manifestErrors = container.deleteAll(manifestBlobs,
                "delete the manifests of checkpoints under");
        Set<Long> whole = new TreeSet<>(Long::compareUnsigned);
        for (AzureContainer.DeleteError error : manifestErrors) {
            layout.manifestId(error.blob()).ifPresent(whole::add);
        }
        Set<Long> stored = new HashSet<>();
        container.list(layout.stateListPrefix(), false, "list the state under",
                item -> layout.stateId(item.getName()).ifPresent(stored::add));
        List<Long> doomed = known.sidecarsToDelete(checkpointIds, whole, stored);
        List<String> stateBlobs = new ArrayList<>(doomed.size());
        for (long id : doomed) {
            stateBlobs.add(layout.stateKey(id));
        }
        List<AzureContainer.DeleteError> stateErrors = container.deleteAll(stateBlobs,
                "delete the state of pruned checkpoints under");
        Set<Long> orphans = new TreeSet<>(Long::compareUnsigned);
        for (AzureContainer.DeleteError error : stateErrors) {
            layout.stateId(error.blob()).ifPresent(orphans::add);
        }
        known.sidecarsDeleted(doomed, orphans);
        if (!manifestErrors.isEmpty() || !stateErrors.isEmpty()) {
            throw new CheckpointBackendException("cannot delete every pruned checkpoint under " + location() + ":"
                    + describeLeft(whole, manifestErrors, "kept whole") + describeLeft(orphans, stateErrors,
                    "manifest deleted, state left as an orphan for the next prune"));
        }
    }

    @Override
    protected String manifestLocation(long checkpointId) {
        return container.location(layout.manifestKey(checkpointId));
    }

    /** One ranged GET per 4 MiB (a HEAD for an empty slice). */
    @Override
    protected Optional<InputStream> openStateSlice(long checkpointId, long offset, long length) throws IOException {
        String blob = layout.stateKey(checkpointId);
        String action = "read the state of checkpoint " + Long.toUnsignedString(checkpointId) + " from";
        if (length == 0) {
            return container.head(blob, action).map(head -> InputStream.nullInputStream());
        }
        try {
            return container.open(blob, action, new BlobRange(offset, length));
        }
        catch (CheckpointBackendException ex) {
            if (AzureFailures.isStatus(ex, 416)) {
                EOFException eof = new EOFException("state at " + container.location(blob) + " ends before byte " + offset);
                eof.initCause(ex);
                throw eof;
            }
            throw ex;
        }
    }

    /**
     * The ids this store has seen since its first listing; it lists again after another writer
     * moved the pointer, so that retention holds across every store on the prefix.
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

    /** One List Blobs per 5,000 manifests; reads names only. */
    @Override
    public List<Long> listIds() {
        TreeSet<Long> ids = new TreeSet<>(CheckpointIds.ORDER);
        container.list(layout.manifestListPrefix(), false, "list the manifests under",
                item -> layout.manifestId(item.getName()).ifPresent(ids::add));
        known.listed(ids);
        return new ArrayList<>(ids);
    }

    /** One HEAD: the sidecar's size and, as version, its ETag. */
    @Override
    public Optional<StateIdentity> stateIdentity(long checkpointId) {
        String action = "read the properties of the state of checkpoint " + Long.toUnsignedString(checkpointId) + " at";
        return container.head(layout.stateKey(checkpointId), action).map(head -> new StateIdentity(head.getBlobSize(),
                "etag=" + head.getETag()));
    }

    /** One GET per 4 MiB, streamed, each conditioned on the first one's ETag. */
    @Override
    public Optional<InputStream> openStateData(long checkpointId) {
        return container.open(layout.stateKey(checkpointId), "read the state of checkpoint "
                + Long.toUnsignedString(checkpointId) + " from", null);
    }

    /**
     * One past the highest id among the manifests, the sidecars (uncommitted ones included: a
     * writer staging blocks holds its id) and the pointer: {@code listIds}, one List Blobs per
     * 5,000 sidecars and one GET. A corrupt pointer names no id and is left out.
     */
    @Override
    public long nextCheckpointId() {
        HighestCheckpointId highest = new HighestCheckpointId().seeAll(listIds());
        container.list(layout.stateListPrefix(), true, "list the state under",
                item -> highest.see(layout.stateId(item.getName())));
        try {
            highest.see(latest.read());
        }
        catch (CorruptCheckpointException ex) {
            // names no id
        }
        return highest.next(location());
    }

    /**
     * Takes the ids this store is writing, then lists the committed sidecars (one List Blobs per
     * 5,000) and, when any is older than the orphan minimum age, the manifests ({@code listIds}).
     * While saves of the orphans' ids are held off, it checks with one HEAD per orphan that its
     * manifest still does not exist and deletes those (one batch per 256). Then, from a second
     * listing that includes uncommitted blobs, it discards the uncommitted blocks of uploads last
     * staged before the minimum age that have no committed content and no manifest (a HEAD, a
     * Put Block List and a delete each): they would hold their id until Azure discards them a
     * week later. Ages are the blobs' Last-Modified against this store's clock.
     */
    @Override
    public int cleanupOrphans() {
        Instant cutoff = clock().instant().minus(orphanMinAge());
        Set<Long> busy = idsInFlight();
        Map<Long, String> orphans = new LinkedHashMap<>();
        container.list(layout.stateListPrefix(), false, "list the state under", item -> {
            OptionalLong id = layout.stateId(item.getName());
            OffsetDateTime modified = item.getProperties().getLastModified();
            if (id.isPresent() && !busy.contains(id.getAsLong()) && modified != null
                    && !modified.toInstant().isAfter(cutoff)) {
                orphans.put(id.getAsLong(), item.getName());
            }
        });
        Set<String> committed = new HashSet<>();
        container.list(layout.stateListPrefix(), false, "list the state under", item -> committed.add(item.getName()));
        Map<Long, String> staleUploads = new LinkedHashMap<>();
        container.list(layout.stateListPrefix(), true, "list the uncommitted state under", item -> {
            OptionalLong id = layout.stateId(item.getName());
            OffsetDateTime modified = item.getProperties().getLastModified();
            if (id.isPresent() && !committed.contains(item.getName()) && !busy.contains(id.getAsLong())
                    && modified != null && !modified.toInstant().isAfter(cutoff)) {
                staleUploads.put(id.getAsLong(), item.getName());
            }
        });
        if (!orphans.isEmpty() || !staleUploads.isEmpty()) {
            Set<Long> withManifest = new HashSet<>(listIds());
            orphans.keySet().removeAll(withManifest);
            staleUploads.keySet().removeAll(withManifest);
        }
        int removed = removeHeldOrphans(orphans.keySet(), held -> deleteOrphanedState(held, orphans));
        return removed + removeHeldOrphans(staleUploads.keySet(), held -> discardStaleBlocks(held, staleUploads));
    }

    /**
     * Discards the uncommitted blocks of crashed uploads: the only request that does is a commit,
     * so each is committed as an empty blob with {@code If-None-Match: *} (refused when a writer
     * committed the sidecar in between) and that blob deleted with {@code If-Match} on its ETag.
     */
    private int discardStaleBlocks(List<Long> held, Map<Long, String> blobs) {
        int discarded = 0;
        for (long id : held) {
            String blob = blobs.get(id);
            String checkpoint = "checkpoint " + Long.toUnsignedString(id);
            if (container.head(layout.manifestKey(id), "check for the manifest of " + checkpoint + " at").isPresent()) {
                continue;
            }
            String etag;
            try {
                etag = container.blockBlob(blob).commitBlockListWithResponse(
                        new com.azure.storage.blob.options.BlockBlobCommitBlockListOptions(List.of())
                                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null,
                        com.azure.core.util.Context.NONE).getValue().getETag();
            }
            catch (RuntimeException ex) {
                if (AzureFailures.kind(ex) == AzureFailures.Kind.ALREADY_EXISTS) {
                    continue;
                }
                throw container.failures().failure("discard the uncommitted blocks of " + checkpoint + " at", blob, ex);
            }
            try {
                container.blockBlob(blob).deleteWithResponse(null, new BlobRequestConditions().setIfMatch(etag), null,
                        com.azure.core.util.Context.NONE);
            }
            catch (RuntimeException ex) {
                AzureFailures.Kind kind = AzureFailures.kind(ex);
                if (kind != AzureFailures.Kind.NOT_FOUND && kind != AzureFailures.Kind.PRECONDITION_FAILED) {
                    throw container.failures().failure("delete the emptied upload of " + checkpoint + " at", blob, ex);
                }
            }
            discarded++;
        }
        return discarded;
    }

    private int deleteOrphanedState(List<Long> held, Map<Long, String> blobs) {
        List<String> doomed = new ArrayList<>();
        for (long id : held) {
            String action = "check for the manifest of checkpoint " + Long.toUnsignedString(id) + " at";
            if (container.head(layout.manifestKey(id), action).isEmpty()) {
                doomed.add(blobs.get(id));
            }
        }
        List<AzureContainer.DeleteError> errors = container.deleteAll(doomed, "delete orphaned state under");
        if (!errors.isEmpty()) {
            AzureContainer.DeleteError first = errors.get(0);
            throw new CheckpointBackendException("cannot delete orphaned state: " + container.location(first.blob())
                    + ": " + first.reason() + (errors.size() > 1 ? " (and " + (errors.size() - 1)
                    + " more blobs failed)" : ""));
        }
        return doomed.size();
    }

    @Override
    protected String backendName() {
        return BACKEND;
    }

    @Override
    public String location() {
        return container.url() + "/" + layout.prefix();
    }

    @Override
    public String toString() {
        return "AzureBlobCheckpointStore[" + location() + "]";
    }

    // ---- helpers ----

    /**
     * Compares our manifest with the one stored under its name.
     * @return true when it holds our bytes; false when there is none
     * @throws CheckpointConflictException when it holds another writer's manifest
     */
    private boolean matchesExisting(CheckpointManifest ours, byte[] json, String blob) {
        long id = ours.checkpointId();
        Optional<byte[]> existing = readManifest(id);
        if (existing.isEmpty()) {
            return false;
        }
        if (Arrays.equals(existing.get(), json)) {
            return true;
        }
        throw withNextFreeId(new CheckpointConflictException(id, "checkpoint " + Long.toUnsignedString(id) + " at "
                + container.location(blob) + " was already written by another writer: theirs " + describe(existing.get())
                + ", ours " + describe(json) + "; left theirs and the latest pointer untouched"));
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

    private String describeLeft(Set<Long> ids, List<AzureContainer.DeleteError> errors, String consequence) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(ids.size() == 1 ? " checkpoint " : " checkpoints ");
        text.append(ids.stream().map(Long::toUnsignedString).collect(Collectors.joining(", ")))
                .append(" (").append(consequence).append("):");
        for (AzureContainer.DeleteError error : errors) {
            text.append(' ').append(container.location(error.blob())).append(": ").append(error.reason()).append(';');
        }
        return text.toString();
    }

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

    /** Configures an {@link AzureBlobCheckpointStore}. */
    public static final class Builder extends CheckpointStoreBuilder<Builder> {

        private final BlobContainerClient client;
        private String prefix = "";
        private long singleUploadThreshold = DEFAULT_SINGLE_UPLOAD_THRESHOLD;
        private long blockSize = DEFAULT_BLOCK_SIZE;
        private int uploadParallelism = DEFAULT_UPLOAD_PARALLELISM;

        private Builder(BlobContainerClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * @param prefix the prefix of every blob name, empty or ending with {@code /} (e.g. {@code nodes/a/})
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = ObjectLayout.checkPrefix(Objects.requireNonNull(prefix, "prefix"));
            return this;
        }

        /**
         * @param singleUploadThreshold the sidecar size above which it is uploaded as staged blocks,
         *     1 byte..5,000 MiB
         * @return this builder
         */
        public Builder singleUploadThreshold(long singleUploadThreshold) {
            if (singleUploadThreshold < 1 || singleUploadThreshold > MAX_SINGLE_UPLOAD) {
                throw new IllegalArgumentException("singleUploadThreshold must be 1.." + MAX_SINGLE_UPLOAD
                        + " bytes (5,000 MiB, the largest Put Blob), was " + singleUploadThreshold);
            }
            this.singleUploadThreshold = singleUploadThreshold;
            return this;
        }

        /**
         * @param blockSize the size of a staged block, 1 byte..4,000 MiB; raised when a sidecar would
         *     need more than 50,000 blocks
         * @return this builder
         */
        public Builder blockSize(long blockSize) {
            if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
                throw new IllegalArgumentException("blockSize must be 1.." + MAX_BLOCK_SIZE
                        + " bytes (4,000 MiB, the largest block), was " + blockSize);
            }
            this.blockSize = blockSize;
            return this;
        }

        /**
         * @param uploadParallelism how many blocks of one sidecar are staged at once, at least 1
         * @return this builder
         */
        public Builder uploadParallelism(int uploadParallelism) {
            if (uploadParallelism < 1) {
                throw new IllegalArgumentException("uploadParallelism must be at least 1, was " + uploadParallelism);
            }
            this.uploadParallelism = uploadParallelism;
            return this;
        }

        /**
         * Builds the store after probing the container for the conditional writes it relies on
         * ({@code If-None-Match: *} and {@code If-Match}; four Put Blobs and a batch delete) and
         * deleting probe blobs that earlier failed deletes left (one List Blobs). A missing
         * container, refused credentials or an unreachable endpoint fail here.
         * @return the store
         * @throws ConditionalWritesUnsupportedException when the container does not honour a conditional write
         * @throws CheckpointBackendException when the container cannot be used
         */
        public AzureBlobCheckpointStore build() {
            AzureContainer container = new AzureContainer(client);
            ObjectLayout layout = new ObjectLayout(prefix);
            AzureConditionalWriteProbe.Findings findings = AzureConditionalWriteProbe.probe(container,
                    layout.probeKey(UUID.randomUUID().toString()));
            if (!findings.allHonoured()) {
                throw new ConditionalWritesUnsupportedException("the blob service behind container '"
                        + container.url() + "' does not honour conditional writes as this store needs them: "
                        + String.join("; ", findings.problems()) + ". Use a service that implements If-None-Match: *"
                        + " and If-Match on Put Blob and Put Block List (Azure Blob Storage and Azurite do)",
                        findings.headers());
            }
            AzureConditionalWriteProbe.removeLeftovers(container, layout.probeListPrefix(),
                    clock().instant().minus(PROBE_LEFTOVER_AGE));
            return new AzureBlobCheckpointStore(this, container);
        }
    }
}
