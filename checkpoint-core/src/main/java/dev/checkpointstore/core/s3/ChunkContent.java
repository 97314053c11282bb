package dev.checkpointstore.core.s3;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

import dev.checkpointstore.core.StateChunks;

/**
 * A request body over a list of buffers, read in place: every {@link #newStream()} reads fresh
 * views of the same bytes (the SDK may read a body twice, to sign it and to send it), and nothing
 * is copied into one large buffer. {@link #slice} cuts a byte range, for multipart uploads.
 */
final class ChunkContent implements ContentStreamProvider {

    private final List<ByteBuffer> chunks;
    private final long length;

    /**
     * @param chunks the bytes in order; their positions and limits are not changed
     */
    ChunkContent(List<ByteBuffer> chunks) {
        this.chunks = List.copyOf(chunks);
        this.length = StateChunks.size(this.chunks);
    }

    long length() {
        return length;
    }

    RequestBody requestBody() {
        return RequestBody.fromContentProvider(this, length, S3Bucket.OCTET_STREAM);
    }

    @Override
    public InputStream newStream() {
        return new ChunksInputStream(chunks);
    }

    @Override
    public String name() {
        return "ChunkContent";
    }

    /**
     * The bytes at {@code [offset, offset + count)}, as views of the same buffers.
     * @param offset where the range starts
     * @param count its length
     * @return the range
     */
    ChunkContent slice(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + count) + ") of " + length + " bytes");
        }
        List<ByteBuffer> views = new ArrayList<>();
        long skip = offset;
        long left = count;
        for (ByteBuffer chunk : chunks) {
            if (left == 0) {
                break;
            }
            int size = chunk.remaining();
            if (skip >= size) {
                skip -= size;
                continue;
            }
            int start = chunk.position() + (int) skip;
            int take = (int) Math.min(size - skip, left);
            views.add(chunk.duplicate().limit(start + take).position(start).slice());
            skip = 0;
            left -= take;
        }
        return new ChunkContent(views);
    }

    private static final class ChunksInputStream extends InputStream {

        private final List<ByteBuffer> views;
        private int index;

        ChunksInputStream(List<ByteBuffer> chunks) {
            this.views = new ArrayList<>(chunks.size());
            for (ByteBuffer chunk : chunks) {
                views.add(chunk.duplicate());
            }
        }

        @Override
        public int read() {
            ByteBuffer current = current();
            return current == null ? -1 : current.get() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            ByteBuffer current = current();
            if (current == null) {
                return -1;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = 0;
            ByteBuffer current;
            while (skipped < n && (current = current()) != null) {
                int step = (int) Math.min(n - skipped, current.remaining());
                current.position(current.position() + step);
                skipped += step;
            }
            return skipped;
        }

        @Override
        public int available() {
            ByteBuffer current = current();
            return current == null ? 0 : current.remaining();
        }

        private @Nullable ByteBuffer current() {
            while (index < views.size()) {
                ByteBuffer view = views.get(index);
                if (view.hasRemaining()) {
                    return view;
                }
                index++;
            }
            return null;
        }
    }
}
