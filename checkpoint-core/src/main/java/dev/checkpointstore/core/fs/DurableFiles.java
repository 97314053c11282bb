package dev.checkpointstore.core.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomic, durable publication of files: write {@code X.tmp}, fsync it, rename it over {@code X},
 * fsync the directory. The temp file never outlives a failure.
 *
 * <p>The two platform steps, fsyncing a written file and opening a directory to fsync it, are
 * package-private methods a test can override to observe, pause or fail them.
 */
class DurableFiles {

    private static final Logger log = LoggerFactory.getLogger(DurableFiles.class);

    /** Heap buffers are handed to the kernel in slices of at most this size. */
    static final int MAX_HEAP_SLICE = 1024 * 1024;

    /** At most this many bytes of heap slices go into one gathering write. */
    private static final long MAX_GATHER_BYTES = 8L * 1024 * 1024;

    /** The kernel's limit on buffers per gathering write (IOV_MAX). */
    private static final int MAX_GATHER_BUFFERS = 1024;

    /** Opens for reading. Sets of options, not varargs, spare {@link FileChannel#open} a new set per call. */
    static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);

    /** Opens for writing, creating the file if needed. */
    static final Set<OpenOption> CREATE_WRITE = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    /** Opens for writing from scratch, creating or truncating the file. */
    static final Set<OpenOption> REPLACE = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);

    private static final FileAttribute<?>[] NO_ATTRIBUTES = new FileAttribute<?>[0];

    private final AtomicBoolean directoriesUnopenable = new AtomicBoolean();

    DurableFiles() {
    }

    /**
     * Publishes a file: writes {@code target.tmp} with a gathering write, fsyncs it, fsyncs
     * {@code syncBeforeRename} when given (a parent whose new entry must be durable too), renames
     * the temp file over {@code target} atomically and fsyncs {@code target}'s directory. That is
     * two fsyncs, three with {@code syncBeforeRename}. On failure the temp file is deleted and
     * {@code target} is as it was.
     *
     * @param target the file to publish
     * @param chunks its bytes, consumed
     * @param syncBeforeRename a directory to fsync after the temp file, or null
     * @throws IOException when any step fails
     */
    void publish(Path target, List<ByteBuffer> chunks, @Nullable Path syncBeforeRename) throws IOException {
        publish(target, FileSystemLayout.tmp(target), chunks, syncBeforeRename);
    }

    /**
     * As {@link #publish(Path, List, Path)}, for a caller that keeps the temp file's path.
     *
     * @param target the file to publish
     * @param tmp {@code FileSystemLayout.tmp(target)}
     * @param chunks its bytes, consumed
     * @param syncBeforeRename a directory to fsync after the temp file, or null
     * @throws IOException when any step fails
     */
    void publish(Path target, Path tmp, List<ByteBuffer> chunks, @Nullable Path syncBeforeRename) throws IOException {
        publish(target.getParent(), target, tmp, chunks, syncBeforeRename);
    }

    /**
     * As {@link #publish(Path, Path, List, Path)}, for a caller that keeps the directory's path too
     * (a save builds each path once).
     *
     * @param directory {@code target}'s directory
     * @param target the file to publish
     * @param tmp {@code FileSystemLayout.tmp(target)}
     * @param chunks its bytes, consumed
     * @param syncBeforeRename a directory to fsync after the temp file, or null
     * @throws IOException when any step fails
     */
    void publish(Path directory, Path target, Path tmp, List<ByteBuffer> chunks, @Nullable Path syncBeforeRename)
            throws IOException {
        boolean renamed = false;
        try {
            try (FileChannel channel = open(tmp, REPLACE)) {
                writeFully(channel, chunks);
                syncFile(tmp, channel);
            }
            if (syncBeforeRename != null) {
                syncDirectory(syncBeforeRename);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
            syncDirectory(directory);
        }
        finally {
            if (!renamed) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Replaces a file that must still exist: writes and fsyncs {@code target.tmp}, then, holding
     * {@code lock}, renames it over {@code target} and fsyncs the directory only if {@code target}
     * is still there. Whoever deletes {@code target} under the same lock therefore either sees the
     * new contents or makes this a no-op; it never finds its deletion undone. When {@code target}
     * is gone, or its directory went away under the temp file, nothing is left behind.
     *
     * @param target the file to replace
     * @param chunks its new bytes, consumed
     * @param lock the lock deleters of {@code target} hold
     * @return true when replaced, false when {@code target} no longer exists
     * @throws IOException when a step fails otherwise
     */
    @SuppressWarnings("try")
    boolean replaceExisting(Path target, List<ByteBuffer> chunks, DirectoryLock lock) throws IOException {
        Path tmp = FileSystemLayout.tmp(target);
        boolean renamed = false;
        try {
            try (FileChannel channel = open(tmp, REPLACE)) {
                writeFully(channel, chunks);
                syncFile(tmp, channel);
            }
            try (DirectoryLock.Held held = lock.acquire()) {
                if (!Files.exists(target)) {
                    return false;
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                renamed = true;
                syncDirectory(target.getParent());
                return true;
            }
        }
        catch (NoSuchFileException ex) {
            if (!renamed && !Files.exists(target)) {
                return false;
            }
            throw ex;
        }
        finally {
            if (!renamed) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Makes a directory's entries durable. Where the platform refuses to open a directory
     * ({@link AccessDeniedException} for one that exists: Windows opens no directory, Unix none
     * without read permission) there is no way to fsync it, and the step is skipped with one WARN
     * per store, as LaminarDB's {@code sync_dir} does off Unix; NTFS journals renames itself.
     *
     * @param dir the directory
     * @throws IOException when the directory cannot be opened for another reason, or the fsync fails
     */
    void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = openDirectory(dir);
        }
        catch (AccessDeniedException ex) {
            if (!Files.isDirectory(dir)) {
                throw ex;
            }
            if (directoriesUnopenable.compareAndSet(false, true)) {
                log.warn("Cannot open directory {} to fsync it ({}): this platform does not open directories (Windows"
                        + " does not), so directory fsyncs are skipped, as LaminarDB does off Unix; renames stay"
                        + " atomic", dir, ex.toString());
            }
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /**
     * Makes a written file's bytes durable: {@code fsync}.
     *
     * @param file the file, for tests that watch a particular one
     * @param channel the file, open for writing
     * @throws IOException when the fsync fails
     */
    void syncFile(Path file, FileChannel channel) throws IOException {
        channel.force(true);
    }

    /**
     * Opens a directory so that it can be fsynced.
     *
     * @param dir the directory
     * @return a channel on it
     * @throws IOException when it cannot be opened
     */
    FileChannel openDirectory(Path dir) throws IOException {
        return open(dir, READ);
    }

    /**
     * Opens a file.
     *
     * @param path the file
     * @param options {@link #READ}, {@link #CREATE_WRITE} or {@link #REPLACE}
     * @return its channel
     * @throws IOException when it cannot be opened
     */
    static FileChannel open(Path path, Set<OpenOption> options) throws IOException {
        return FileChannel.open(path, options, NO_ATTRIBUTES);
    }

    /**
     * Creates a directory and any missing parents, each new entry made durable in its parent.
     *
     * @param dir the directory
     * @return whether {@code dir} was created by this call
     * @throws IOException when a directory cannot be created or synced
     */
    boolean createDirectoriesDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectoriesDurably(parent);
        }
        try {
            Files.createDirectory(dir);
        }
        catch (java.nio.file.FileAlreadyExistsException ex) {
            if (Files.isDirectory(dir)) {
                return false;
            }
            throw ex;
        }
        if (parent != null) {
            syncDirectory(parent);
        }
        return true;
    }

    /**
     * Writes buffers in order with gathering writes and no concatenation. Heap buffers are passed
     * in bounded slices because the JDK copies each heap buffer of a write into a temporary direct
     * buffer of the same size.
     *
     * @param channel the file
     * @param chunks the bytes, consumed
     * @throws IOException when writing fails
     */
    static void writeFully(FileChannel channel, List<ByteBuffer> chunks) throws IOException {
        if (chunks.size() == 1 && (chunks.get(0).isDirect() || chunks.get(0).remaining() <= MAX_HEAP_SLICE)) {
            ByteBuffer only = chunks.get(0);
            while (only.hasRemaining()) {
                channel.write(only);
            }
            return;
        }
        List<ByteBuffer> slices = new ArrayList<>(chunks.size());
        for (ByteBuffer chunk : chunks) {
            if (chunk.isDirect() || chunk.remaining() <= MAX_HEAP_SLICE) {
                slices.add(chunk);
                continue;
            }
            for (int at = chunk.position(); at < chunk.limit(); at += MAX_HEAP_SLICE) {
                slices.add(chunk.slice(at, Math.min(MAX_HEAP_SLICE, chunk.limit() - at)));
            }
        }
        ByteBuffer[] buffers = slices.toArray(ByteBuffer[]::new);
        int start = 0;
        while (start < buffers.length) {
            if (!buffers[start].hasRemaining()) {
                start++;
                continue;
            }
            int end = start;
            long bytes = 0;
            while (end < buffers.length && end - start < MAX_GATHER_BUFFERS
                    && (end == start || bytes + buffers[end].remaining() <= MAX_GATHER_BYTES)) {
                bytes += buffers[end].remaining();
                end++;
            }
            channel.write(buffers, start, end - start);
        }
    }

    /**
     * Deletes a file, ignoring failure: for clean-up paths that already report an error.
     *
     * @param file the file
     */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException ex) {
            // the caller is already reporting the failure that left this file behind
        }
    }
}
