package dev.checkpointstore.core.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that keeps the changes to {@code checkpoints/} that must not interleave apart, across
 * threads, stores and processes: moves of {@code latest.txt}, a prune's deletion of one checkpoint
 * and the rename of an updated manifest. It is a lock shared by every store on the directory in
 * this JVM plus an exclusive {@link java.nio.channels.FileLock} on {@code latest.txt.lock}, so an
 * old instance still shutting down or a second node on a shared volume is kept apart too. Not
 * reentrant: whoever holds it must not acquire it again.
 */
final class DirectoryLock {

    /**
     * One lock per lock file in this JVM, shared by every store on the same directory: file locks
     * are held per JVM, so two stores of one process must not both ask for one.
     */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** The lock, held until closed. */
    final class Held implements AutoCloseable {

        private final FileChannel channel;

        private Held(FileChannel channel) {
            this.channel = channel;
        }

        /**
         * Releases the lock.
         *
         * @throws IOException when the lock file cannot be closed
         */
        @Override
        public void close() throws IOException {
            try {
                channel.close(); // releases the file lock
            }
            finally {
                lock.unlock();
            }
        }
    }

    private final Path lockFile;
    private final ReentrantLock lock;

    DirectoryLock(FileSystemLayout layout) {
        this.lockFile = layout.latestLock();
        this.lock = JVM_LOCKS.computeIfAbsent(lockKey(layout), key -> new ReentrantLock());
    }

    private static Path lockKey(FileSystemLayout layout) {
        try {
            return layout.checkpointsDir().toRealPath().resolve(FileSystemLayout.LATEST_LOCK_FILE);
        }
        catch (IOException ex) {
            return layout.latestLock();
        }
    }

    /**
     * Takes the lock, waiting for other holders.
     *
     * @return the held lock; close it to release
     * @throws IOException when the lock file cannot be opened or locked
     */
    Held acquire() throws IOException {
        lock.lock();
        FileChannel channel = null;
        try {
            channel = DurableFiles.open(lockFile, DurableFiles.CREATE_WRITE);
            channel.lock();
            return new Held(channel);
        }
        catch (IOException | RuntimeException ex) {
            if (channel != null) {
                try {
                    channel.close();
                }
                catch (IOException suppressed) {
                    ex.addSuppressed(suppressed);
                }
            }
            lock.unlock();
            throw ex;
        }
    }
}
