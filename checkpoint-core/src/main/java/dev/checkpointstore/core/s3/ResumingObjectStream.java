package dev.checkpointstore.core.s3;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GET that survives a dropped connection: when a read fails transiently it reopens
 * the object at the byte it stopped at (a ranged GET pinned to the first response's ETag with
 * {@code If-Match}, so a replaced object is an error rather than spliced bytes), with backoff, up
 * to the retry limit. Memory use does not depend on the object's size. {@link #close()} may come
 * from another thread to abort a read in progress, which then fails instead of resuming.
 */
final class ResumingObjectStream extends InputStream {

    /** Opens the object from a byte offset to {@code end}, pinned to an ETag. */
    @FunctionalInterface
    interface Reopener {

        /**
         * @param from the first byte wanted
         * @param end one past the last byte wanted
         * @param etag the ETag the object must still have
         * @return the body
         */
        ResponseInputStream<GetObjectResponse> open(long from, long end, String etag);
    }

    private final Reopener reopener;
    private final Backoff backoff;
    private final String location;
    private final long end;
    private final @Nullable String etag;
    private ResponseInputStream<GetObjectResponse> current;
    private long position;
    private int failures;
    private volatile boolean closed;

    /**
     * @param first the body of the first GET
     * @param start the offset its first byte has in the object
     * @param reopener reopens the object after a failure
     * @param backoff the retry limit and delays
     * @param location the object, for messages
     */
    ResumingObjectStream(ResponseInputStream<GetObjectResponse> first, long start, Reopener reopener, Backoff backoff,
            String location) {
        this.current = first;
        this.position = start;
        this.reopener = reopener;
        this.backoff = backoff;
        this.location = location;
        Long length = first.response().contentLength();
        this.end = length == null ? -1 : start + length;
        this.etag = first.response().eTag();
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
            throw new IOException("stream over " + location + " is closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            try {
                int n = current.read(b, off, len);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (n < 0 && (end < 0 || position >= end)) {
                    return -1;
                }
                if (n < 0) {
                    throw new IOException("the body of " + location + " ended at byte " + position + " of " + end);
                }
            }
            catch (IOException | RuntimeException ex) {
                resume(ex);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (end < 0 || position < end) {
            current.abort();
        }
        try {
            current.close();
        }
        catch (IOException | RuntimeException ex) {
            // the body is abandoned either way
        }
    }

    private void resume(Exception failure) throws IOException {
        failures++;
        if (closed) {
            throw new IOException("stream over " + location + " was closed", failure);
        }
        if (etag == null || end < 0 || S3Failures.kind(failure) != S3Failures.Kind.TRANSIENT
                || failures >= backoff.maxAttempts()) {
            throw failure instanceof IOException io ? io : new IOException("reading " + location + " failed at byte "
                    + position + ": " + failure.getMessage(), failure);
        }
        current.abort();
        while (true) {
            backoff.pause(failures);
            try {
                current = reopener.open(position, end, etag);
                if (closed) {
                    current.abort();
                    throw new IOException("stream over " + location + " was closed");
                }
                return;
            }
            catch (RuntimeException ex) {
                failures++;
                if (S3Failures.kind(ex) != S3Failures.Kind.TRANSIENT || failures >= backoff.maxAttempts()) {
                    throw new IOException("cannot resume reading " + location + " at byte " + position + ": "
                            + ex.getMessage(), ex);
                }
            }
        }
    }
}
