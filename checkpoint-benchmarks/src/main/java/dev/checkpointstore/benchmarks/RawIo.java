package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The machine's limits, measured with the plainest JDK calls: a gathering write plus one fsync
 * for durable writes, a sequential read for loads, and a sequential read through SHA-256 for
 * validated loads. The stores are measured against these in the same run.
 */
public final class RawIo {

    /** The read buffer of {@link #readSha256}: the same size validation streams with. */
    public static final int READ_BUFFER_BYTES = 256 * 1024;

    private RawIo() {
    }

    /**
     * Writes the chunks to a new file with gathering writes and forces it to disk: no temp file,
     * no rename, no directory fsync. The chunks' positions are not moved.
     * @param file the file, which must not exist
     * @param chunks the bytes, in order
     * @return how many bytes were written
     * @throws IOException when writing fails
     */
    public static long gatherWriteAndForce(Path file, List<ByteBuffer> chunks) throws IOException {
        ByteBuffer[] views = new ByteBuffer[chunks.size()];
        long total = 0;
        for (int i = 0; i < views.length; i++) {
            views[i] = chunks.get(i).duplicate();
            total += views[i].remaining();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < total) {
                written += channel.write(views);
            }
            channel.force(true);
        }
        return total;
    }

    /**
     * Reads a whole file into memory.
     * @param file the file
     * @return its bytes
     * @throws IOException when reading fails
     */
    public static byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    /**
     * Reads a file sequentially through SHA-256 in constant memory.
     * @param file the file
     * @return the digest
     * @throws IOException when reading fails
     */
    public static byte[] readSha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    /**
     * A new SHA-256 digest.
     * @return the digest
     */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }
}
