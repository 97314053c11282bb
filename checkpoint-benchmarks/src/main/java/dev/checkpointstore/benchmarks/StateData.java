package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Sidecar state for the benchmarks: xorshift64 bytes ({@link XorShift64}) split into chunks, as a
 * pipeline hands them to {@code saveWithState}. Small state lives on the heap; state larger than
 * the heap is generated into a file and handed over as memory-mapped chunks.
 */
public final class StateData {

    private static final int FILE_BUFFER_BYTES = 1024 * 1024;

    private StateData() {
    }

    /**
     * Heap chunks holding {@code totalBytes} of xorshift64 output, split as evenly as 8-byte
     * boundaries allow; the last chunk takes the remainder.
     * @param totalBytes the state size
     * @param chunkCount how many chunks, at least 1
     * @param seed the generator seed
     * @return read-to-end chunks (position 0, limit their length)
     */
    public static List<ByteBuffer> heapChunks(long totalBytes, int chunkCount, long seed) {
        long[] lengths = split(totalBytes, chunkCount);
        XorShift64 random = new XorShift64(seed);
        List<ByteBuffer> chunks = new ArrayList<>(chunkCount);
        for (long length : lengths) {
            if (length > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a heap chunk of " + length + " bytes is too large; use mappedChunks");
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) length);
            random.fill(chunk);
            chunks.add(chunk.flip());
        }
        return chunks;
    }

    /**
     * Writes {@code totalBytes} of xorshift64 output to a file, streaming through a small buffer
     * (so it works in any heap), and forces it to disk. The bytes equal those of
     * {@link #heapChunks} with the same seed whenever the chunk lengths are multiples of 8.
     * @param file the file, created or truncated
     * @param totalBytes the size
     * @param seed the generator seed
     * @throws IOException when writing fails
     */
    public static void writeFile(Path file, long totalBytes, long seed) throws IOException {
        XorShift64 random = new XorShift64(seed);
        ByteBuffer buffer = ByteBuffer.allocateDirect(FILE_BUFFER_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = totalBytes;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                random.fill(buffer);
                buffer.flip();
                left -= buffer.remaining();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(true);
        }
    }

    /**
     * Maps a file read-only as {@code chunkCount} chunks, split like {@link #heapChunks}. Mapped
     * memory is not heap, so state many times the heap's size can be saved from it.
     * @param file the file
     * @param chunkCount how many chunks
     * @return the chunks
     * @throws IOException when mapping fails
     */
    public static List<ByteBuffer> mappedChunks(Path file, int chunkCount) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long[] lengths = split(channel.size(), chunkCount);
            List<ByteBuffer> chunks = new ArrayList<>(chunkCount);
            long offset = 0;
            for (long length : lengths) {
                chunks.add(channel.map(FileChannel.MapMode.READ_ONLY, offset, length));
                offset += length;
            }
            return chunks;
        }
    }

    /**
     * The chunk lengths {@link #heapChunks} and {@link #mappedChunks} use.
     * @param totalBytes the total, at least 0
     * @param chunkCount how many chunks, at least 1
     * @return the lengths; all but the last a multiple of 8, summing to {@code totalBytes}
     */
    static long[] split(long totalBytes, int chunkCount) {
        if (totalBytes < 0) {
            throw new IllegalArgumentException("state size must be >= 0, was " + totalBytes);
        }
        if (chunkCount < 1) {
            throw new IllegalArgumentException("chunk count must be >= 1, was " + chunkCount);
        }
        long[] lengths = new long[chunkCount];
        long each = (totalBytes / chunkCount) & ~7L;
        for (int i = 0; i < chunkCount - 1; i++) {
            lengths[i] = each;
        }
        lengths[chunkCount - 1] = totalBytes - each * (chunkCount - 1);
        return lengths;
    }

    /**
     * Parses a size such as {@code 1KiB}, {@code 10MiB}, {@code 1GiB} or a plain byte count.
     * @param size the text
     * @return bytes
     */
    public static long parseSize(String size) {
        String s = size.trim();
        long unit = 1;
        if (s.endsWith("KiB")) {
            unit = 1024L;
        }
        else if (s.endsWith("MiB")) {
            unit = 1024L * 1024;
        }
        else if (s.endsWith("GiB")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 3);
        try {
            long value = Long.parseLong(digits);
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return Math.multiplyExact(value, unit);
        }
        catch (NumberFormatException | ArithmeticException ex) {
            throw new IllegalArgumentException("size must be a byte count or N KiB/MiB/GiB, was '" + size + "'", ex);
        }
    }
}
