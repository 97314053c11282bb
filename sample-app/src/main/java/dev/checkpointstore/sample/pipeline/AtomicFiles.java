package dev.checkpointstore.sample.pipeline;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable file operations for the sink: a file is written to {@code name.tmp}, synced, renamed
 * over its target and the directory synced, so a crash leaves either the old file or the new one.
 */
final class AtomicFiles {

    /** Writes a file's content. */
    @FunctionalInterface
    interface Content {

        /**
         * Writes the content.
         * @param out where to write; closing it only flushes
         * @throws IOException when writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces a file atomically and durably.
     * @param target the file
     * @param content its new content
     */
    static void write(Path target, Content content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + target + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Renames a file atomically and durably.
     * @param source the file
     * @param target its new name, replaced when it exists
     */
    static void rename(Path source, Path target) {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot rename " + source + " to " + target + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Deletes a file durably when it exists.
     * @param file the file
     * @return whether it existed
     */
    static boolean delete(Path file) {
        try {
            boolean existed = Files.deleteIfExists(file);
            if (existed) {
                syncDirectory(file);
            }
            return existed;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static void syncDirectory(Path file) throws IOException {
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
