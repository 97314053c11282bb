package dev.checkpointstore.core.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.StateChunks;
import dev.checkpointstore.core.objectstore.ObjectLayout;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;

/**
 * Writes a checkpoint's sidecar from its chunk list without copying it into one buffer: one Put
 * Blob up to the single-upload threshold; above it, blocks staged in parallel (Put Block) and one
 * Put Block List that commits them.
 *
 * <p>The sidecar of a save ({@code fenced}) is a conditional create ({@code If-None-Match: *} on
 * the Put Blob or on the commit): the first writer of an id's sidecar holds the id, so a writer
 * that loses the race cannot replace the winner's state. When the blob exists already (409
 * {@code BlobAlreadyExists}, or 400 {@code InvalidBlockList} when the winner's commit discarded
 * our staged blocks), the same bytes are an idempotent retry (success) and other bytes a
 * {@link CheckpointConflictException}, whether a manifest exists or not (a crashed save's sidecar
 * keeps its id until orphan cleanup removes it). A write whose outcome is unknown is settled the
 * same way, by reading the blob.
 *
 * <p>Block ids carry a token unique to each upload, so a crashed upload's uncommitted blocks are
 * never committed by another writer. A blob that has only uncommitted blocks is invisible to reads
 * but can refuse a create ({@code BlobAlreadyExists}; Azurite does): it is a writer still uploading,
 * or a crashed upload, and holds its id like a sidecar without a manifest (a
 * {@link CheckpointConflictException}) until orphan cleanup removes its blocks (the analogue of
 * S3's stale multipart uploads) or Azure discards them a week after they were staged.
 */
final class AzureSidecarUpload {

    /** Azure commits at most this many blocks into one blob. */
    static final int MAX_BLOCKS = 50_000;

    private static final int COMPARE_BLOCK = 64 * 1024;

    private static final ExecutorService STAGERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "checkpoint-azure-block-stager");
        thread.setDaemon(true);
        return thread;
    });

    private final AzureContainer container;
    private final ObjectLayout layout;
    private final long singleUploadThreshold;
    private final long blockSize;
    private final int parallelism;

    AzureSidecarUpload(AzureContainer container, ObjectLayout layout, long singleUploadThreshold, long blockSize,
            int parallelism) {
        this.container = container;
        this.layout = layout;
        this.singleUploadThreshold = singleUploadThreshold;
        this.blockSize = blockSize;
        this.parallelism = parallelism;
    }

    /**
     * Writes a sidecar: one Put Blob up to the threshold; above it a HEAD when fenced, a Put Block
     * per block and a Put Block List.
     * @param fenced whether this is the sidecar of a save, created only if absent; otherwise it overwrites
     */
    void write(long checkpointId, List<ByteBuffer> chunks, boolean fenced) {
        Chunks content = new Chunks(chunks);
        String blob = layout.stateKey(checkpointId);
        String action = "write the state of checkpoint " + Long.toUnsignedString(checkpointId) + " to";
        BlobRequestConditions condition = fenced ? new BlobRequestConditions().setIfNoneMatch("*") : null;
        try {
            if (content.length() > singleUploadThreshold) {
                if (fenced) {
                    // look before uploading: a taken id costs no upload
                    Optional<BlobProperties> existing = container.head(blob, action);
                    if (existing.isPresent() && holdsOurs(checkpointId, blob, content, existing.get())) {
                        return;
                    }
                }
                uploadBlocks(blob, content, condition, action);
            }
            else {
                container.putOnce(blob, BinaryData.fromListByteBuffer(content.slice(0, content.length())), condition,
                        AzureContainer.OCTET_STREAM);
            }
        }
        catch (CheckpointStoreException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            AzureFailures.Kind kind = AzureFailures.kind(ex);
            boolean settle = fenced && (kind == AzureFailures.Kind.ALREADY_EXISTS
                    || kind == AzureFailures.Kind.INVALID_BLOCK_LIST || kind == AzureFailures.Kind.TRANSIENT);
            if (settle) {
                Optional<BlobProperties> existing = container.head(blob, inspect(checkpointId));
                if (existing.isPresent() && holdsOurs(checkpointId, blob, content, existing.get())) {
                    return;
                }
                if (existing.isEmpty() && kind == AzureFailures.Kind.ALREADY_EXISTS) {
                    throw new CheckpointConflictException(checkpointId, "checkpoint "
                            + Long.toUnsignedString(checkpointId) + " is taken: its state " + container.location(blob)
                            + " has uncommitted blocks and no content yet, so another writer is uploading it or an"
                            + " upload of it crashed (orphan cleanup removes such blocks once they are older than the"
                            + " orphan minimum age, Azure a week after they were staged); left it untouched");
                }
            }
            throw container.failures().failure(action, blob, ex);
        }
    }

    private void uploadBlocks(String blob, Chunks content, BlobRequestConditions condition, String action) {
        long length = content.length();
        long block = Math.max(blockSize, (length + MAX_BLOCKS - 1) / MAX_BLOCKS);
        int count = (int) ((length + block - 1) / block);
        String token = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(Base64.getEncoder().encodeToString(String.format("%s-%06d", token, i)
                    .getBytes(StandardCharsets.US_ASCII)));
        }
        BlockBlobClient client = container.blockBlob(blob);
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> stagers = new ArrayList<>();
        for (int worker = 0; worker < Math.min(parallelism, count); worker++) {
            stagers.add(CompletableFuture.runAsync(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long offset = i * block;
                    long size = Math.min(block, length - offset);
                    client.stageBlockWithResponse(new BlockBlobStageBlockOptions(ids.get(i),
                            BinaryData.fromListByteBuffer(content.slice(offset, size))), null, Context.NONE);
                }
            }, STAGERS));
        }
        try {
            CompletableFuture.allOf(stagers.toArray(CompletableFuture[]::new)).join();
        }
        catch (CompletionException ex) {
            next.set(count);
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            throw container.failures().failure(action, blob, cause);
        }
        client.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                .setHeaders(new BlobHttpHeaders().setContentType(AzureContainer.OCTET_STREAM))
                .setRequestConditions(condition), null, Context.NONE);
    }

    /**
     * Decides what a sidecar found in place means for our write: a GET to compare when the lengths
     * match, and a HEAD of the manifest when they differ.
     * @return true when it holds our bytes already
     * @throws CheckpointConflictException when it holds other bytes
     */
    private boolean holdsOurs(long checkpointId, String blob, Chunks content, BlobProperties existing) {
        if (existing.getBlobSize() == content.length() && sameBytes(blob, existing.getETag(), content,
                inspect(checkpointId))) {
            return true;
        }
        String theirs = "its state " + container.location(blob) + " (" + existing.getBlobSize() + " bytes, written "
                + existing.getLastModified() + ") differs from ours (" + content.length() + " bytes)";
        String manifest = layout.manifestKey(checkpointId);
        if (container.head(manifest, inspect(checkpointId)).isPresent()) {
            throw new CheckpointConflictException(checkpointId, "checkpoint " + Long.toUnsignedString(checkpointId)
                    + " at " + container.location(manifest) + " was already written by another writer: " + theirs
                    + "; left both and the latest pointer untouched");
        }
        throw new CheckpointConflictException(checkpointId, "checkpoint " + Long.toUnsignedString(checkpointId)
                + " is taken: " + theirs + " and has no manifest, so another writer is saving it or a save of it"
                + " crashed (its state keeps the id until orphan cleanup removes it); left it untouched");
    }

    private static String inspect(long checkpointId) {
        return "inspect the existing state of checkpoint " + Long.toUnsignedString(checkpointId) + " at";
    }

    private boolean sameBytes(String blob, String etag, Chunks content, String action) {
        try (InputStream theirs = container.blockBlob(blob).openInputStream(
                new com.azure.storage.blob.options.BlobInputStreamOptions()
                        .setRequestConditions(new BlobRequestConditions().setIfMatch(etag)));
                InputStream ours = BinaryData.fromListByteBuffer(content.slice(0, content.length())).toStream()) {
            byte[] a = new byte[COMPARE_BLOCK];
            byte[] b = new byte[COMPARE_BLOCK];
            while (true) {
                int n = theirs.readNBytes(a, 0, a.length);
                int m = ours.readNBytes(b, 0, n == 0 ? 1 : n);
                if (n != m || !java.util.Arrays.equals(a, 0, n, b, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            if (AzureFailures.kind(ex) == AzureFailures.Kind.PRECONDITION_FAILED
                    || AzureFailures.kind(ex) == AzureFailures.Kind.NOT_FOUND) {
                // replaced or deleted while we compared: not ours
                return false;
            }
            throw container.failures().failure(action, blob, ex);
        }
    }

    /** The chunks of a sidecar, sliced without copying. */
    private static final class Chunks {

        private final List<ByteBuffer> chunks;
        private final long length;

        Chunks(List<ByteBuffer> chunks) {
            this.chunks = chunks;
            this.length = StateChunks.size(chunks);
        }

        long length() {
            return length;
        }

        /** Read-only views of the bytes in {@code [offset, offset + size)}. */
        List<ByteBuffer> slice(long offset, long size) {
            List<ByteBuffer> slice = new ArrayList<>();
            long position = 0;
            long end = offset + size;
            for (ByteBuffer chunk : chunks) {
                long chunkEnd = position + chunk.remaining();
                if (chunkEnd > offset && position < end) {
                    int from = (int) (Math.max(offset, position) - position);
                    int to = (int) (Math.min(end, chunkEnd) - position);
                    ByteBuffer view = chunk.asReadOnlyBuffer();
                    view.position(chunk.position() + from).limit(chunk.position() + to);
                    slice.add(view.slice());
                }
                position = chunkEnd;
                if (position >= end) {
                    break;
                }
            }
            return slice;
        }
    }
}
