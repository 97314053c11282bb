package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.StateChecksum;

/**
 * The baseline of a manifest save, done by hand with nothing wasted: the atomic publish of
 * FORMAT.md (write {@code X.tmp}, fsync it, rename over {@code X}, fsync the directory) once for
 * the manifest in a new checkpoint directory and once for {@code latest.txt}. Four fsyncs: two
 * files, two directories. No validation, no pointer read, no fencing.
 * {@link #publishCheckpointWithState} is the same for a checkpoint with a sidecar.
 */
public final class HandDonePublish {

    private static final Executor HASHER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hand-done-hasher");
        thread.setDaemon(true);
        return thread;
    });

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
     * As {@link #publishCheckpointWithState}, stamping the manifest's {@code state_checksum} as the
     * format requires of every save with a sidecar: the sidecar's SHA-256 is computed on a second
     * thread while the sidecar is written and made durable, and written into the manifest's bytes
     * in place of a placeholder, so that no manifest is encoded. What a careful hand-written save
     * of a changing sidecar does; the store does the same work.
     * @param checkpointsDir the {@code checkpoints} directory, which exists
     * @param checkpointId the id, naming the directory {@code checkpoint_NNNNNN}
     * @param state the sidecar's chunks, in order; their positions are not moved
     * @param manifest the manifest, prepared beforehand
     * @throws IOException when any step fails
     */
    public static void publishCheckpointWithHashedState(Path checkpointsDir, long checkpointId, List<ByteBuffer> state,
            ManifestTemplate manifest) throws IOException {
        MessageDigest digest = manifest.digest();
        CompletableFuture<byte[]> checksum = CompletableFuture.supplyAsync(() -> {
            for (ByteBuffer chunk : state) {
                digest.update(chunk.duplicate());
            }
            return HexFormat.of().formatHex(digest.digest()).getBytes(StandardCharsets.US_ASCII);
        }, HASHER);
        String name = FsLayout.dirName(checkpointId);
        Path dir = Files.createDirectory(checkpointsDir.resolve(name));
        Path tmp = dir.resolve("state.bin.tmp");
        RawIo.gatherWriteAndForce(tmp, state);
        fsyncDirectory(checkpointsDir);
        Files.move(tmp, dir.resolve("state.bin"), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(dir);
        publish(dir, "manifest.json", manifest.withChecksum(checksum.join()));
        publish(checkpointsDir, "latest.txt", name.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A manifest's bytes with a placeholder where its {@code state_checksum} goes, and the digest
     * the format seeds for its shape: what {@link #publishCheckpointWithHashedState} needs to stamp
     * the checksum without encoding the manifest.
     * @param seeded the seeded digest, cloned for each use
     * @param template the manifest's bytes with 64 placeholder characters at {@code checksumAt}
     * @param checksumAt where the hex checksum goes
     */
    public record ManifestTemplate(MessageDigest seeded, byte[] template, int checksumAt) {

        private static final byte[] CHECKSUM_FIELD = "\"state_checksum\": \"".getBytes(StandardCharsets.US_ASCII);

        /**
         * Prepares a manifest whose checksum a save with a sidecar stamps.
         * @param manifest the manifest, without its checksum
         * @return the template
         */
        public static ManifestTemplate of(CheckpointManifest manifest) {
            byte[] template = ManifestCodec.encode(manifest.toBuilder().stateChecksum("0".repeat(64)).build());
            int at = indexOf(template, CHECKSUM_FIELD);
            if (at < 0) {
                throw new IllegalStateException("no state_checksum in the encoded manifest");
            }
            return new ManifestTemplate(StateChecksum.sidecarDigest(manifest), template, at + CHECKSUM_FIELD.length);
        }

        MessageDigest digest() {
            try {
                return (MessageDigest) seeded.clone();
            }
            catch (CloneNotSupportedException ex) {
                throw new IllegalStateException("SHA-256 digests clone", ex);
            }
        }

        byte[] withChecksum(byte[] hex) {
            byte[] json = template.clone();
            System.arraycopy(hex, 0, json, checksumAt, hex.length);
            return json;
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            for (int i = 0; i + part.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                    return i;
                }
            }
            return -1;
        }
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
