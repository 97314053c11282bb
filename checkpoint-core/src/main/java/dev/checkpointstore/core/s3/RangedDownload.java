package dev.checkpointstore.core.s3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointStoreException;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads a byte range of an object in ranged GETs of the part size, several at a time
 * ({@link PartTransfers}): the first GET asks for the first part and learns the object's length and
 * ETag from its {@code Content-Range}; every further part is a ranged GET pinned to that ETag with
 * {@code If-Match}, so a replaced object fails the read instead of splicing two versions. A range
 * that fits in one part is one GET, streamed as before. Every part's body resumes where a dropped
 * connection left it ({@link ResumingObjectStream}).
 *
 * <p>{@link #open} hands the bytes out in order as a stream, holding at most {@code concurrency}
 * parts in memory; {@link #readAll} reads into one array of the range's size, each part straight to
 * its place.
 */
final class RangedDownload {

    /** The largest array the JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final S3Bucket bucket;
    private final PartTransfers transfers;
    private final long partSize;
    private final String key;
    private final String action;

    /**
     * @param bucket the bucket
     * @param transfers runs the parts
     * @param partSize the bytes per GET
     * @param key the object
     * @param action what the read is for, for messages
     */
    RangedDownload(S3Bucket bucket, PartTransfers transfers, long partSize, String key, String action) {
        this.bucket = bucket;
        this.transfers = transfers;
        this.partSize = partSize;
        this.key = key;
        this.action = action;
    }

    /** The first GET's answer: its body and where the range ends; the part that reads the body takes it. */
    private record First(ResponseInputStream<GetObjectResponse> body, long from, long end, AtomicBoolean taken) {

        First(ResponseInputStream<GetObjectResponse> body, long from, long end) {
            this(body, from, end, new AtomicBoolean());
        }

        long firstLength() {
            Long length = body.response().contentLength();
            return length == null ? end - from : length;
        }

        /** The body, for the one part that reads it. */
        ResponseInputStream<GetObjectResponse> take() {
            taken.set(true);
            return body;
        }

        /** Aborts the body when no part took it. */
        void abortUntaken() {
            if (taken.compareAndSet(false, true)) {
                body.abort();
            }
        }
    }

    /**
     * Opens {@code [from, end)} of the object, or from {@code from} to its end.
     * @param from the first byte
     * @param end one past the last byte wanted, or -1 for the object's end
     * @return the bytes in order, or empty when there is no such object
     * @throws EOFException when the object ends before {@code from}
     */
    Optional<InputStream> open(long from, long end) throws EOFException {
        Optional<First> first = first(from, end);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        First f = first.get();
        String etag = f.body().response().eTag();
        if (f.end() - f.from() <= f.firstLength()) {
            return Optional.of(resuming(f.body(), f.from()));
        }
        if (etag == null) {
            // parts cannot be pinned to one version: read the rest as one stream, as a store without ETags allows
            f.body().abort();
            return bucket.open(key, action, r -> r.range(range(f.from(), f.end()))).map(body -> resuming(body, f.from()));
        }
        return Optional.of(new PartStream(f, etag));
    }

    /**
     * Reads the whole object into one array, the parts in parallel.
     * @return its bytes, or empty when there is no such object
     * @throws CheckpointStoreException when it is larger than an array can be
     */
    Optional<byte[]> readAll() {
        Optional<First> first;
        try {
            first = first(0, -1);
        }
        catch (EOFException ex) {
            throw new IllegalStateException("a read from byte 0 cannot start past the end", ex);
        }
        if (first.isEmpty()) {
            return Optional.empty();
        }
        First f = first.get();
        long size = f.end();
        if (size > MAX_ARRAY) {
            f.body().abort();
            throw new CheckpointBackendException("cannot " + action + " " + bucket.location(key) + ": it is " + size
                    + " bytes, too large for a byte array; stream it with openStateData");
        }
        String etag = f.body().response().eTag();
        long firstLength = f.firstLength();
        if (size > firstLength && etag == null) {
            f.body().abort();
            return bucket.open(key, action, r -> { }).map(body -> {
                try (InputStream in = resuming(body, 0)) {
                    return in.readAllBytes();
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        byte[] bytes = new byte[(int) size];
        int parts = partCount(firstLength, size);
        try {
            transfers.runAll(parts, index -> {
                long start = partStart(index, firstLength);
                long stop = Math.min(size, start + (index == 0 ? firstLength : partSize));
                try (InputStream in = index == 0 ? resuming(f.take(), 0) : openPart(start, stop, etag)) {
                    readFully(in, bytes, (int) start, (int) (stop - start));
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                return null;
            });
        }
        finally {
            f.abortUntaken();
        }
        return Optional.of(bytes);
    }

    /** The first GET: the first part of the range, or the whole object when it is empty. */
    private Optional<First> first(long from, long end) throws EOFException {
        long firstEnd = end < 0 ? from + partSize : Math.min(end, from + partSize);
        Optional<ResponseInputStream<GetObjectResponse>> body;
        try {
            body = bucket.open(key, action, r -> r.range(range(from, firstEnd)));
        }
        catch (CheckpointBackendException ex) {
            if (ex.getCause() instanceof SdkServiceException service && service.statusCode() == 416) {
                if (from == 0 && end < 0) {
                    // an empty object has no byte 0 to range over
                    return bucket.open(key, action, r -> { }).map(whole -> new First(whole, 0, lengthOf(whole)));
                }
                EOFException eof = new EOFException("state at " + bucket.location(key) + " ends before byte " + from);
                eof.initCause(ex);
                throw eof;
            }
            throw ex;
        }
        return body.map(b -> new First(b, from, rangeEnd(b, from, end)));
    }

    /** Where the range ends: where asked, but not past the object's end that {@code Content-Range} names. */
    private static long rangeEnd(ResponseInputStream<GetObjectResponse> body, long from, long end) {
        String contentRange = body.response().contentRange();
        long total;
        if (contentRange != null && contentRange.lastIndexOf('/') > 0
                && !contentRange.endsWith("/*")) {
            total = Long.parseLong(contentRange.substring(contentRange.lastIndexOf('/') + 1).trim());
        }
        else {
            // no Content-Range: the store sent the whole object
            total = from + lengthOf(body);
        }
        return end < 0 ? total : Math.min(end, total);
    }

    private static long lengthOf(ResponseInputStream<GetObjectResponse> body) {
        Long length = body.response().contentLength();
        return length == null ? 0 : length;
    }

    private int partCount(long firstLength, long size) {
        long rest = Math.max(0, size - firstLength);
        return (int) (1 + (rest + partSize - 1) / partSize);
    }

    private long partStart(int index, long firstLength) {
        return index == 0 ? 0 : firstLength + (index - 1) * partSize;
    }

    private InputStream openPart(long start, long stop, String etag) {
        ResponseInputStream<GetObjectResponse> body = bucket.retried(action, key,
                () -> bucket.openOnce(key, r -> r.range(range(start, stop)).ifMatch(etag)));
        return resuming(body, start);
    }

    private InputStream resuming(ResponseInputStream<GetObjectResponse> body, long start) {
        return new ResumingObjectStream(body, start, (from, end, etag) -> bucket.openOnce(key,
                r -> r.range(range(from, end)).ifMatch(etag)), bucket.backoff(), bucket.location(key));
    }

    private void readFully(InputStream in, byte[] into, int offset, int length) throws IOException {
        int n = in.readNBytes(into, offset, length);
        if (n < length) {
            throw new EOFException("the body of " + bucket.location(key) + " ended " + (length - n)
                    + " bytes before the end of its range at byte " + (offset + length));
        }
    }

    private static String range(long from, long end) {
        return "bytes=" + from + "-" + (end - 1);
    }

    /**
     * The parts of a range in order, fetched ahead: part {@code k + concurrency} starts when the
     * reader has finished part {@code k}, into part {@code k}'s buffer, so at most
     * {@code concurrency} buffers exist.
     */
    private final class PartStream extends InputStream {

        private final First first;
        private final String etag;
        private final long firstLength;
        private final int parts;
        private final ArrayDeque<Part> ahead = new ArrayDeque<>();
        private int nextPart;
        private @Nullable Part current;
        private int position;
        private volatile boolean closed;

        PartStream(First first, String etag) {
            this.first = first;
            this.etag = etag;
            this.firstLength = first.firstLength();
            this.parts = partCount(firstLength, first.end() - first.from());
            for (int i = 0; i < Math.min(parts, transfers.concurrency()); i++) {
                startNext(null);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream over " + bucket.location(key) + " is closed");
            }
            if (len == 0) {
                return 0;
            }
            Part part = current;
            while (part == null || position == part.length) {
                if (part != null) {
                    current = null;
                    startNext(part.buffer);
                }
                part = ahead.poll();
                if (part == null) {
                    return -1;
                }
                part.await();
                current = part;
                position = 0;
            }
            int n = Math.min(len, part.length - position);
            System.arraycopy(part.buffer, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Part part : ahead) {
                part.cancel();
            }
            ahead.clear();
            current = null;
            first.abortUntaken();
        }

        private void startNext(byte @Nullable [] buffer) {
            if (nextPart >= parts) {
                return;
            }
            int index = nextPart++;
            long start = first.from() + partStart(index, firstLength);
            long stop = Math.min(first.end(), start + (index == 0 ? firstLength : partSize));
            Part part = new Part(index, start, (int) (stop - start),
                    buffer != null && buffer.length >= stop - start ? buffer : new byte[(int) Math.max(partSize, stop - start)]);
            ahead.add(part);
            try {
                transfers.executor().execute(part::fetch);
            }
            catch (RuntimeException ex) {
                part.fail(ex);
            }
        }

        /** One part: its range, its buffer, and how its fetch ended. */
        private final class Part {

            private final int index;
            private final long start;
            private final int length;
            private final byte[] buffer;
            private final CompletableFuture<Void> done = new CompletableFuture<>();
            private volatile @Nullable InputStream body;
            private volatile boolean cancelled;

            Part(int index, long start, int length, byte[] buffer) {
                this.index = index;
                this.start = start;
                this.length = length;
                this.buffer = buffer;
            }

            void fetch() {
                try {
                    if (cancelled) {
                        throw new IOException("cancelled");
                    }
                    InputStream in = index == 0 ? resuming(first.take(), start) : openPart(start, start + length, etag);
                    body = in;
                    try (in) {
                        if (cancelled) {
                            throw new IOException("cancelled");
                        }
                        readFully(in, buffer, 0, length);
                    }
                    done.complete(null);
                }
                catch (IOException | RuntimeException | Error ex) {
                    done.completeExceptionally(ex);
                }
            }

            void fail(Throwable failure) {
                done.completeExceptionally(failure);
            }

            void cancel() {
                cancelled = true;
                InputStream in = body;
                if (in != null) {
                    try {
                        in.close();
                    }
                    catch (IOException | RuntimeException ex) {
                        // abandoned either way
                    }
                }
            }

            void await() throws IOException {
                boolean interrupted = false;
                try {
                    while (true) {
                        try {
                            done.get();
                            return;
                        }
                        catch (InterruptedException ex) {
                            interrupted = true;
                        }
                        catch (ExecutionException ex) {
                            Throwable cause = ex.getCause();
                            if (cause instanceof IOException io) {
                                throw new IOException(io.getMessage(), io);
                            }
                            if (cause instanceof UncheckedIOException unchecked) {
                                throw new IOException(unchecked.getCause().getMessage(), unchecked.getCause());
                            }
                            if (cause instanceof CheckpointStoreException store) {
                                throw new IOException(store.getMessage(), store);
                            }
                            if (cause instanceof Error error) {
                                throw error;
                            }
                            throw new IOException("reading bytes " + start + ".." + (start + length) + " of "
                                    + bucket.location(key) + " failed: " + cause, cause);
                        }
                    }
                }
                finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }
}
