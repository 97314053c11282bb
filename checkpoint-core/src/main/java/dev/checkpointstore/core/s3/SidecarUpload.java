package dev.checkpointstore.core.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointConflictException;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.objectstore.ObjectLayout;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Writes a checkpoint's sidecar from its chunk list without copying it into one buffer: one PUT up
 * to the multipart threshold, a multipart upload above it, its parts several at a time
 * ({@link PartTransfers}; aborted on failure once no part is in flight, so no parts stay behind).
 * Parts and single PUTs are retried on transient failures.
 *
 * <p>The sidecar of a save ({@link #write} with {@code fenced}) is a conditional create
 * ({@code If-None-Match: *}): the first writer of a checkpoint id's sidecar holds the id, so a
 * writer that loses the race cannot replace the winner's state, before or after the winner's
 * manifest. When the sidecar exists already, the same bytes are an idempotent retry (success) and
 * different bytes are a {@link CheckpointConflictException}, whether a manifest exists (another
 * writer's checkpoint), or not (another writer still saving, or the leftover of a crashed save,
 * which keeps its id until orphan cleanup removes it; a restarted writer takes
 * {@code nextCheckpointId()} instead). Nothing ever replaces a sidecar that has no manifest yet:
 * its writer may still be about to publish one, with a checksum of its own bytes. An unfenced
 * write overwrites.
 */
final class SidecarUpload {

    /** S3 accepts at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;

    private static final int MAX_SETTLEMENTS = 3;
    private static final int COMPARE_BLOCK = 64 * 1024;

    /** The precondition of a write: create only, or none. */
    private enum Precondition {
        CREATE("*"),
        NONE(null);

        private final @Nullable String ifNoneMatch;

        Precondition(@Nullable String ifNoneMatch) {
            this.ifNoneMatch = ifNoneMatch;
        }
    }

    private final S3Bucket bucket;
    private final ObjectLayout layout;
    private final boolean conditional;
    private final long multipartThreshold;
    private final long partSize;
    private final PartTransfers transfers;

    SidecarUpload(S3Bucket bucket, ObjectLayout layout, boolean conditional, long multipartThreshold, long partSize,
            PartTransfers transfers) {
        this.bucket = bucket;
        this.layout = layout;
        this.conditional = conditional;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        this.transfers = transfers;
    }

    /**
     * Writes a sidecar: one PUT up to the multipart threshold; above it one request to start the
     * upload, one per part and one to complete it, after a HEAD when fenced.
     * @param checkpointId the checkpoint
     * @param chunks its bytes in order
     * @param fenced whether this is the sidecar of a save, created only if absent;
     *     otherwise it overwrites
     */
    void write(long checkpointId, List<ByteBuffer> chunks, boolean fenced) {
        ChunkContent content = new ChunkContent(chunks);
        String key = layout.stateKey(checkpointId);
        String action = "write the state of checkpoint " + Long.toUnsignedString(checkpointId) + " to";
        Precondition precondition = conditional && fenced ? Precondition.CREATE : Precondition.NONE;
        int transientFailures = 0;
        int settlements = 0;
        while (true) {
            try {
                if (content.length() > multipartThreshold) {
                    if (precondition == Precondition.CREATE) {
                        // look before uploading: a taken id costs no upload, and no abort (which
                        // some stores, S3Mock among them, wrongly apply to the existing object)
                        Optional<HeadObjectResponse> existing = bucket.head(key, action);
                        if (existing.isPresent() && holdsOurs(checkpointId, key, content, existing.get())) {
                            return;
                        }
                    }
                    uploadMultipart(key, content, precondition, action);
                }
                else {
                    putOnce(key, content, precondition);
                }
                return;
            }
            catch (CheckpointStoreException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                S3Failures.Kind kind = S3Failures.kind(ex);
                boolean refused = kind == S3Failures.Kind.PRECONDITION_FAILED || kind == S3Failures.Kind.NOT_FOUND;
                if (precondition != Precondition.NONE && refused && ++settlements <= MAX_SETTLEMENTS) {
                    if (holdsOurs(checkpointId, key, content)) {
                        return;
                    }
                    continue;
                }
                if ((kind == S3Failures.Kind.TRANSIENT || kind == S3Failures.Kind.CONFLICT)
                        && ++transientFailures < bucket.backoff().maxAttempts()) {
                    bucket.backoff().pause(transientFailures);
                    continue;
                }
                throw bucket.failures().failure(action, key, ex);
            }
        }
    }

    /**
     * Decides what an existing sidecar means for our write: a HEAD of it, a GET to compare when
     * the lengths match, and a HEAD of the manifest when they differ.
     * @return true when it holds our bytes already; false when it is gone (create it again)
     * @throws CheckpointConflictException when it holds other bytes
     */
    private boolean holdsOurs(long checkpointId, String key, ChunkContent content) {
        Optional<HeadObjectResponse> existing = bucket.head(key, inspect(checkpointId));
        return existing.isPresent() && holdsOurs(checkpointId, key, content, existing.get());
    }

    /**
     * Decides what a sidecar found in place means for our write.
     * @return true when it holds our bytes already
     * @throws CheckpointConflictException when it holds other bytes
     */
    private boolean holdsOurs(long checkpointId, String key, ChunkContent content, HeadObjectResponse existing) {
        String action = inspect(checkpointId);
        if (Objects.equals(existing.contentLength(), content.length()) && sameBytes(key, existing.eTag(), content, action)) {
            return true;
        }
        String theirs = "its state " + bucket.location(key) + " (" + existing.contentLength() + " bytes, written "
                + existing.lastModified() + ") differs from ours (" + content.length() + " bytes)";
        if (bucket.head(layout.manifestKey(checkpointId), action).isPresent()) {
            throw new CheckpointConflictException(checkpointId, "checkpoint " + Long.toUnsignedString(checkpointId) + " at "
                    + bucket.location(layout.manifestKey(checkpointId)) + " was already written by another writer: "
                    + theirs + "; left both and the latest pointer untouched");
        }
        throw new CheckpointConflictException(checkpointId, "checkpoint " + Long.toUnsignedString(checkpointId)
                + " is taken: " + theirs
                + " and has no manifest, so another writer is saving it or a save of it crashed (its state keeps the"
                + " id until orphan cleanup removes it); left it untouched");
    }

    private static String inspect(long checkpointId) {
        return "inspect the existing state of checkpoint " + Long.toUnsignedString(checkpointId) + " at";
    }

    private boolean sameBytes(String key, @Nullable String etag, ChunkContent content, String action) {
        return bucket.retried(action, key, () -> {
            try (ResponseInputStream<GetObjectResponse> theirs = bucket.openOnce(key, r -> r.ifMatch(etag));
                    InputStream ours = content.newStream()) {
                byte[] a = new byte[COMPARE_BLOCK];
                byte[] b = new byte[COMPARE_BLOCK];
                while (true) {
                    int n = theirs.readNBytes(a, 0, a.length);
                    int m = ours.readNBytes(b, 0, n == 0 ? 1 : n);
                    if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
                        theirs.abort();
                        return false;
                    }
                    if (n == 0) {
                        return true;
                    }
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    private void putOnce(String key, ChunkContent content, Precondition precondition) {
        bucket.putOnce(key, content.requestBody(), r -> bucket.options().sidecarPut(r
                .ifNoneMatch(precondition.ifNoneMatch).contentType(S3Bucket.OCTET_STREAM)));
    }

    private void uploadMultipart(String key, ChunkContent content, Precondition precondition, String action) {
        long length = content.length();
        long part = Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = bucket.startMultipart(key, action);
        int count = (int) ((length + part - 1) / part);
        try {
            List<CompletedPart> parts = transfers.runAll(count, index -> {
                long offset = index * part;
                return bucket.uploadPart(key, uploadId, index + 1, content.slice(offset, Math.min(part, length - offset)),
                        action);
            });
            complete(key, uploadId, parts, precondition, length, action);
        }
        catch (RuntimeException | Error ex) {
            // an interrupted save still aborts its upload: the SDK refuses requests of an interrupted thread
            boolean interrupted = Thread.interrupted();
            try {
                bucket.abortMultipart(key, uploadId, "abort the multipart upload " + uploadId + " of");
            }
            catch (RuntimeException abortFailure) {
                ex.addSuppressed(abortFailure);
            }
            finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw ex;
        }
    }

    /**
     * Completes the upload, retrying transient failures. A refused precondition leaves as the SDK
     * threw it, for {@link #holdsOurs}; any other failure as the store's exception, so that the
     * parts are not uploaded again.
     */
    private void complete(String key, String uploadId, List<CompletedPart> parts, Precondition precondition, long length,
            String action) {
        for (int attempt = 1;; attempt++) {
            try {
                bucket.completeMultipartOnce(key, uploadId, parts, r -> r.ifNoneMatch(precondition.ifNoneMatch));
                return;
            }
            catch (RuntimeException ex) {
                S3Failures.Kind kind = S3Failures.kind(ex);
                if (attempt > 1 && kind == S3Failures.Kind.NOT_FOUND && completedEarlier(key, length)) {
                    return;
                }
                if (kind == S3Failures.Kind.PRECONDITION_FAILED) {
                    throw ex;
                }
                if (kind != S3Failures.Kind.TRANSIENT || attempt >= bucket.backoff().maxAttempts()) {
                    throw bucket.failures().failure(action, key, ex);
                }
                bucket.backoff().pause(attempt);
            }
        }
    }

    /** After a lost completion response the upload is gone: the object it made tells whether it completed. */
    private boolean completedEarlier(String key, long length) {
        return bucket.head(key, "check the completed upload at")
                .map(head -> Objects.equals(head.contentLength(), length))
                .orElse(false);
    }
}
