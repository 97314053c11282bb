package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The baseline of a manifest save, done by hand with nothing wasted: the atomic publish of
 * FORMAT.md (write {@code X.tmp}, fsync it, rename over {@code X}, fsync the directory) once for
 * the manifest in a new checkpoint directory and once for {@code latest.txt}. Four fsyncs: two
 * files, two directories. No validation, no pointer read, no fencing.
 * {@link #publishCheckpointWithState} is the same for a checkpoint with a sidecar.
 */
public final class HandDonePublish {

    private HandDonePublish() {
    }

    /**
     * Publishes one checkpoint's manifest bytes and points {@code latest.txt} at it.
     * @param checkpointsDir the {@code checkpoints} directory, which exists
     * @param checkpointId the id, naming the directory {@code checkpoint_NNNNNN}
     * @param manifestJson the manifest's bytes
     * @throws IOException when any step fails
     */
    public static void publishCheckpoint(Path checkpointsDir, long checkpointId, byte[] manifestJson) throws IOException {
        String name = FsLayout.dirName(checkpointId);
        Path dir = Files.createDirectory(checkpointsDir.resolve(name));
        publish(dir, "manifest.json", manifestJson);
        publish(checkpointsDir, "latest.txt", name.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * As {@link #publishCheckpoint}, and also fsyncs {@code checkpoints/} for the new directory
     * before the pointer names it: the order POSIX alone guarantees (ext4's journal gives it
     * anyway). Five fsyncs: two files, three directories.
     * @param checkpointsDir the {@code checkpoints} directory, which exists
     * @param checkpointId the id, naming the directory {@code checkpoint_NNNNNN}
     * @param manifestJson the manifest's bytes
     * @throws IOException when any step fails
     */
    public static void publishCheckpointStrict(Path checkpointsDir, long checkpointId, byte[] manifestJson)
            throws IOException {
        String name = FsLayout.dirName(checkpointId);
        Path dir = Files.createDirectory(checkpointsDir.resolve(name));
        publish(dir, "manifest.json", manifestJson);
        fsyncDirectory(checkpointsDir);
        publish(checkpointsDir, "latest.txt", name.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Publishes a checkpoint with a sidecar by hand, making the fsyncs a store's
     * {@code saveWithState} makes, in its order (seven: three files, four directories): the new
     * directory; {@code state.bin.tmp} written with gathering writes and fsynced; {@code checkpoints/}
     * for the new directory; the rename to {@code state.bin} and the checkpoint directory; then the
     * manifest and {@code latest.txt} as {@link #publishCheckpoint} does. The manifest's bytes,
     * checksum included, are computed beforehand; nothing is hashed, validated, read back or locked.
     * @param checkpointsDir the {@code checkpoints} directory, which exists
     * @param checkpointId the id, naming the directory {@code checkpoint_NNNNNN}
     * @param state the sidecar's chunks, in order; their positions are not moved
     * @param manifestJson the manifest's bytes
     * @throws IOException when any step fails
     */
    public static void publishCheckpointWithState(Path checkpointsDir, long checkpointId, List<ByteBuffer> state,
            byte[] manifestJson) throws IOException {
        String name = FsLayout.dirName(checkpointId);
        Path dir = Files.createDirectory(checkpointsDir.resolve(name));
        Path tmp = dir.resolve("state.bin.tmp");
        RawIo.gatherWriteAndForce(tmp, state);
        fsyncDirectory(checkpointsDir);
        Files.move(tmp, dir.resolve("state.bin"), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(dir);
        publish(dir, "manifest.json", manifestJson);
        publish(checkpointsDir, "latest.txt", name.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The atomic publish of FORMAT.md: temp file, fsync, rename, fsync directory.
     * @param dir the directory
     * @param name the file's final name
     * @param bytes its content
     * @throws IOException when any step fails
     */
    public static void publish(Path dir, String name, byte[] bytes) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(dir);
    }

    /**
     * Makes a directory's entries durable.
     * @param dir the directory
     * @throws IOException when the fsync fails
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
