package dev.checkpointstore.core.fs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.checkpointstore.core.AbstractCheckpointStore;
import dev.checkpointstore.core.CheckpointIds;
import dev.checkpointstore.core.CheckpointIoException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointNotFoundException;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointStoreBuilder;
import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.HighestCheckpointId;
import dev.checkpointstore.core.StateIdentity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CheckpointStore} in a local directory, in LaminarDB's layout ({@link FileSystemLayout}),
 * so a LaminarDB node and this store can read each other's checkpoints.
 *
 * <p><b>Durability.</b> Every file is published by writing {@code X.tmp}, fsyncing it, renaming it
 * over {@code X} atomically and fsyncing the directory; a reader never sees a partial file. The
 * sidecar is durable before the manifest is renamed into place, and the manifest is durable before
 * {@code latest.txt} names it. A new {@code checkpoint_N} directory is made durable in
 * {@code checkpoints/} right after the first file in it is fsynced, where on ext4 the journal commit
 * of that fsync has already carried it and the directory fsync is nearly free. The fsyncs per call:
 * <ul>
 * <li>{@link #save}: 5 (manifest temp file, {@code checkpoints/} for the new directory,
 *     {@code checkpoint_N/} after the rename, {@code latest.txt.tmp}, {@code checkpoints/} after its
 *     rename); 3 when {@code latest.txt} already names a higher id;</li>
 * <li>{@link #saveWithState}: 7 (sidecar temp file, {@code checkpoints/} for the new directory,
 *     {@code checkpoint_N/} after the sidecar's rename, manifest temp file, {@code checkpoint_N/}
 *     after its rename, and the pointer's two); 5 when the pointer already names a higher id;</li>
 * <li>{@link #saveStateData}: 3 for a new directory, else 2; {@link #updateManifest}: 2.</li>
 * </ul>
 * Where the platform cannot open a directory (Windows), directory fsyncs are skipped with one WARN,
 * as LaminarDB does off Unix; every other fsync failure fails the operation.
 * Deletions (prune, orphan cleanup) are not fsynced, but for one ordering fsync: a prune removes a
 * checkpoint's {@code manifest.json} first and fsyncs its directory before removing its
 * {@code state.bin}, so neither a failure nor a crash part way leaves a listed checkpoint without
 * its state. A deletion lost in a crash is repeated by the next prune or cleanup.
 *
 * <p><b>Concurrency.</b> The store is thread-safe. {@code latest.txt} only moves forward: it is
 * re-read under an in-process lock and an exclusive file lock on {@code latest.txt.lock}, so a
 * second writer, in this process or another, with an older id leaves it alone. The same lock keeps
 * a prune's deletion of a checkpoint apart from an {@link #updateManifest} of it, which fails with
 * {@link CheckpointNotFoundException} once the checkpoint is gone. Saves of the same id must not
 * run concurrently (they share {@code X.tmp} names, as LaminarDB's do).
 *
 * <p><b>Orphans.</b> {@link #cleanupOrphans} deletes only the contents this store writes
 * ({@code state.bin} and {@code .tmp} files) of {@code checkpoint_N} directories that have no
 * {@code manifest.json}, whose newest entry is older than {@code orphanMinAge} by the store's clock,
 * and that this store is not writing, and removes such directories when they are empty (a crash
 * right after {@code mkdir}). Cleanup and this store's writes of the same id exclude each other, so
 * a save that starts while cleanup runs cannot lose its new sidecar. Another process's save in
 * flight is protected by the minimum age alone. {@link #nextCheckpointId} counts every checkpoint
 * directory, so a restarted writer does not reuse the id of its crashed save.
 *
 * <p>Manifests larger than {@code maxManifestBytes()} are reported corrupt without being read.
 */
public final class FileSystemCheckpointStore extends AbstractCheckpointStore {

    /** The backend name this store {@linkplain #describe() describes itself} with: {@value}. */
    public static final String BACKEND = "filesystem";

    private static final Logger log = LoggerFactory.getLogger(FileSystemCheckpointStore.class);

    private static final int LOCK_STRIPES = 64;

    private static final int READ_SLICE = 8 * 1024 * 1024;

    private final FileSystemLayout layout;
    private final DurableFiles files;
    private final DirectoryLock directoryLock;
    private final LatestPointerFile latest;
    private final ReentrantLock[] idLocks = new ReentrantLock[LOCK_STRIPES];
    private final Set<Long> directoriesMadeDurable = ConcurrentHashMap.newKeySet();

    private FileSystemCheckpointStore(Builder builder, FileSystemLayout layout) {
        super(builder);
        this.layout = layout;
        this.files = builder.files;
        this.directoryLock = new DirectoryLock(layout);
        this.latest = new LatestPointerFile(layout, files, directoryLock);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            idLocks[i] = new ReentrantLock();
        }
    }

    /**
     * A builder with the defaults: vnode count 256, keep all checkpoints, orphan minimum age 1 hour,
     * manifests up to 16 MiB.
     *
     * @param baseDir the base directory; checkpoints live in its {@code checkpoints} subdirectory
     * @return a new builder
     */
    public static Builder builder(Path baseDir) {
        return new Builder(baseDir);
    }

    /**
     * The layout this store reads and writes.
     *
     * @return the layout
     */
    public FileSystemLayout layout() {
        return layout;
    }

    // ---- writes ----

    @Override
    protected void writeState(long checkpointId, List<ByteBuffer> chunks) {
        FileSystemLayout.CheckpointFile state = layout.stateFile(checkpointId);
        ReentrantLock lock = lockFor(checkpointId);
        lock.lock();
        boolean created = false;
        try {
            created = createCheckpointDirectory(state.directory());
            files.publish(state.directory(), state.file(), state.tmp(), chunks, created ? layout.checkpointsDir() : null);
            if (created) {
                directoriesMadeDurable.add(checkpointId);
            }
        }
        catch (IOException ex) {
            if (created) {
                removeFailedDirectory(checkpointId);
            }
            throw new CheckpointIoException("cannot write the state of checkpoint " + Long.toUnsignedString(checkpointId) + " to "
                    + state.file() + ": " + ex, ex);
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    protected void writeManifest(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        FileSystemLayout.CheckpointFile manifestFile = layout.manifestFile(id);
        Path path = manifestFile.file();
        ReentrantLock lock = lockFor(id);
        lock.lock();
        boolean created = false;
        try {
            if (directoriesMadeDurable.remove(id)) {
                try {
                    files.publish(manifestFile.directory(), path, manifestFile.tmp(), List.of(ByteBuffer.wrap(json)), null);
                    return;
                }
                catch (NoSuchFileException ex) {
                    log.debug("The directory of checkpoint {} went away after its state was written; making it again",
                            Long.toUnsignedString(id), ex);
                }
            }
            created = createCheckpointDirectory(manifestFile.directory());
            files.publish(manifestFile.directory(), path, manifestFile.tmp(), List.of(ByteBuffer.wrap(json)),
                    layout.checkpointsDir());
        }
        catch (IOException ex) {
            if (created) {
                removeFailedDirectory(id);
            }
            throw new CheckpointIoException("cannot write the manifest of checkpoint " + Long.toUnsignedString(id) + " to " + path + ": "
                    + ex, ex);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the manifest only while it exists, under the {@link DirectoryLock} that a prune holds
     * to delete a checkpoint: an update racing a prune of the same checkpoint (by this store or
     * another one, in this process or another) either lands before the prune deletes it or fails
     * with {@link CheckpointNotFoundException}, and never brings back a manifest whose state is gone.
     */
    @Override
    protected void overwriteManifest(CheckpointManifest manifest, byte[] json) {
        long id = manifest.checkpointId();
        Path path = layout.manifest(id);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (!files.replaceExisting(path, List.of(ByteBuffer.wrap(json)), directoryLock)) {
                throw new CheckpointNotFoundException("cannot update the manifest of checkpoint "
                        + Long.toUnsignedString(id) + ": there is no " + path + " (never saved, or pruned)");
            }
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot update the manifest of checkpoint " + Long.toUnsignedString(id) + " at " + path + ": "
                    + ex, ex);
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    protected void advanceLatest(long checkpointId) {
        latest.advanceTo(checkpointId);
    }

    /**
     * Deletes each checkpoint's manifest first, then (after an fsync of its directory, when there is
     * a sidecar, so that no crash can keep the manifest and lose the state) its other files and the
     * directory. A checkpoint whose manifest cannot be deleted is left whole; the others are still
     * deleted.
     */
    @Override
    protected void deleteCheckpoints(List<Long> checkpointIds) {
        List<String> failures = new ArrayList<>();
        @Nullable IOException first = null;
        for (long id : checkpointIds) {
            ReentrantLock lock = lockFor(id);
            lock.lock();
            try {
                deleteCheckpoint(id);
            }
            catch (IOException ex) {
                failures.add(Long.toUnsignedString(id) + " (" + ex + ")");
                if (first == null) {
                    first = ex;
                }
                else {
                    first.addSuppressed(ex);
                }
            }
            finally {
                lock.unlock();
            }
        }
        if (first != null) {
            throw new CheckpointIoException("cannot delete checkpoint" + (failures.size() > 1 ? "s " : " ")
                    + String.join(", ", failures) + " in " + layout.checkpointsDir()
                    + "; a checkpoint whose manifest.json is still there is whole", first);
        }
    }

    @SuppressWarnings("try")
    private void deleteCheckpoint(long id) throws IOException {
        Path dir = layout.checkpointDir(id);
        try (DirectoryLock.Held held = directoryLock.acquire()) {
            if (Files.deleteIfExists(layout.manifest(id)) && Files.exists(layout.state(id))) {
                files.syncDirectory(dir);
            }
            deleteOwnFiles(id, false);
            removeIfEmpty(dir);
        }
        directoriesMadeDurable.remove(id);
    }

    // ---- reads ----

    @Override
    protected Optional<byte[]> readManifest(long checkpointId) {
        Path path = layout.manifest(checkpointId);
        try (FileChannel channel = DurableFiles.open(path, DurableFiles.READ)) {
            long size = channel.size();
            if (size > maxManifestBytes()) {
                throw manifestOverLimit(checkpointId, path, size);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the buffer is full or the file ends
            }
            return Optional.of(buffer.position() == buffer.capacity() ? buffer.array()
                    : Arrays.copyOf(buffer.array(), buffer.position()));
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot read the manifest of checkpoint " + Long.toUnsignedString(checkpointId) + " at " + path
                    + ": " + ex, ex);
        }
    }

    @Override
    public OptionalLong latestId() {
        return latest.read();
    }

    /** One past the highest id among the checkpoint directories, with or without a manifest, and {@code latest.txt}. */
    @Override
    public long nextCheckpointId() {
        return new HighestCheckpointId().seeAll(checkpointDirectories()).see(latestId()).next(location());
    }

    @Override
    public List<Long> listIds() {
        return checkpointDirectories();
    }

    @Override
    protected List<Long> manifestIds() {
        List<Long> ids = new ArrayList<>();
        for (long id : checkpointDirectories()) {
            if (Files.isRegularFile(layout.manifest(id))) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Reads the whole sidecar with one allocation of its size, in slices of at most 8 MiB.
     *
     * @param checkpointId the checkpoint
     * @return the bytes, or empty when there is no sidecar
     */
    @Override
    public Optional<byte[]> loadStateData(long checkpointId) {
        Path state = layout.state(checkpointId);
        try (FileChannel channel = DurableFiles.open(state, DurableFiles.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new CheckpointStoreException("the state of checkpoint " + Long.toUnsignedString(checkpointId) + " at " + state + " is "
                        + size + " bytes, too large for a byte array; stream it with openStateData");
            }
            byte[] bytes = new byte[(int) size];
            int at = 0;
            while (at < bytes.length) {
                int n = channel.read(ByteBuffer.wrap(bytes, at, Math.min(READ_SLICE, bytes.length - at)));
                if (n < 0) {
                    return Optional.of(Arrays.copyOf(bytes, at));
                }
                at += n;
            }
            return Optional.of(bytes);
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot read the state of checkpoint " + Long.toUnsignedString(checkpointId) + " at " + state
                    + ": " + ex, ex);
        }
    }

    @Override
    public Optional<InputStream> openStateData(long checkpointId) {
        Path state = layout.state(checkpointId);
        try {
            return Optional.of(Files.newInputStream(state));
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot open the state of checkpoint " + Long.toUnsignedString(checkpointId) + " at " + state
                    + ": " + ex, ex);
        }
    }

    /**
     * One {@code stat} of {@code state.bin}: its size, and as version its modification time, its
     * status-change time where the platform reports it (a tool that writes in place and then sets
     * the modification time back still changes it) and its file key (a rename over it changes the
     * inode). A rewrite within the platform's timestamp granularity that keeps the size and the
     * inode, and where there is no status-change time, goes unnoticed.
     */
    @Override
    public Optional<StateIdentity> stateIdentity(long checkpointId) {
        Path state = layout.state(checkpointId);
        try {
            if (state.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                Map<String, Object> unix = Files.readAttributes(state, "unix:size,lastModifiedTime,ctime,fileKey");
                return Optional.of(new StateIdentity((Long) unix.get("size"), "mtime=" + unix.get("lastModifiedTime")
                        + " ctime=" + unix.get("ctime") + " key=" + unix.get("fileKey")));
            }
            BasicFileAttributes basic = Files.readAttributes(state, BasicFileAttributes.class);
            return Optional.of(new StateIdentity(basic.size(), "mtime=" + basic.lastModifiedTime() + " key="
                    + basic.fileKey()));
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot read the attributes of the state of checkpoint "
                    + Long.toUnsignedString(checkpointId) + " at " + state + ": " + ex, ex);
        }
    }

    @Override
    protected Optional<InputStream> openStateSlice(long checkpointId, long offset, long length) throws IOException {
        FileChannel channel;
        try {
            channel = DurableFiles.open(layout.state(checkpointId), DurableFiles.READ);
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        try {
            long size = channel.size();
            if (offset > size) {
                throw new EOFException(layout.state(checkpointId) + " is " + size + " bytes, the slice starts at "
                        + offset);
            }
            return Optional.of(new FileSliceInputStream(channel, offset, length));
        }
        catch (IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
    }

    @Override
    protected String manifestLocation(long checkpointId) {
        return layout.manifest(checkpointId).toString();
    }

    /**
     * The absolute {@code checkpoints} directory.
     *
     * @return {@code {baseDir}/checkpoints}, absolute
     */
    @Override
    protected String backendName() {
        return BACKEND;
    }

    @Override
    public String location() {
        return layout.checkpointsDir().toAbsolutePath().toString();
    }

    // ---- orphans ----

    /**
     * Takes the ids in flight, lists the checkpoint directories without a manifest, then, while
     * saves of those ids are held off, removes each one that still has no manifest and whose
     * newest entry is older than the minimum age: its {@code state.bin} and {@code .tmp} files, and
     * the directory when nothing else is left in it (also a directory left empty by a crash right
     * after it was made).
     */
    @Override
    public int cleanupOrphans() {
        Instant cutoff = clock().instant().minus(orphanMinAge());
        Set<Long> busy = idsInFlight();
        List<Long> candidates = new ArrayList<>();
        for (long id : checkpointDirectories()) {
            if (!busy.contains(id) && !Files.exists(layout.manifest(id))) {
                candidates.add(id);
            }
        }
        return removeHeldOrphans(candidates, held -> {
            int removed = 0;
            for (long id : held) {
                if (removeIfOrphan(id, cutoff)) {
                    removed++;
                }
            }
            return removed;
        });
    }

    private boolean removeIfOrphan(long id, Instant cutoff) {
        Path dir = layout.checkpointDir(id);
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            if (isInFlight(id) || Files.exists(layout.manifest(id))) {
                return false;
            }
            switch (leftover(id, cutoff)) {
                case NONE -> {
                    return false;
                }
                case FILES -> {
                    deleteOwnFiles(id, false);
                    removeIfEmpty(dir);
                    log.info("Deleted orphaned state of checkpoint {} at {}", Long.toUnsignedString(id), dir);
                }
                case EMPTY_DIRECTORY -> {
                    Files.deleteIfExists(dir);
                    log.info("Removed the empty directory of checkpoint {} at {}", Long.toUnsignedString(id), dir);
                }
            }
            directoriesMadeDurable.remove(id);
            return true;
        }
        catch (DirectoryNotEmptyException ex) {
            return false;
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot clean up orphaned checkpoint " + Long.toUnsignedString(id) + " at " + dir + ": " + ex, ex);
        }
        finally {
            lock.unlock();
        }
    }

    /** What a crashed save left in a checkpoint directory without a manifest. */
    private enum Leftover {
        /** Nothing to remove: the directory is gone, younger than the minimum age, or holds only others' files. */
        NONE,
        /** The sidecar or temp files this store writes. */
        FILES,
        /** Nothing at all. */
        EMPTY_DIRECTORY
    }

    /** Dates a checkpoint directory without a manifest by its newest entry and tells what is left in it. */
    private Leftover leftover(long id, Instant cutoff) throws IOException {
        Path dir = layout.checkpointDir(id);
        boolean debris = false;
        FileTime newest;
        try {
            newest = Files.getLastModifiedTime(dir);
        }
        catch (NoSuchFileException ex) {
            return Leftover.NONE;
        }
        for (Path file : ownFiles(id, false)) {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                debris = true;
                if (modified.compareTo(newest) > 0) {
                    newest = modified;
                }
            }
            catch (NoSuchFileException ex) {
                // not there: nothing to date or delete
            }
        }
        if (!newest.toInstant().isBefore(cutoff)) {
            return Leftover.NONE;
        }
        return debris ? Leftover.FILES : isEmptyDirectory(dir) ? Leftover.EMPTY_DIRECTORY : Leftover.NONE;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
        catch (NoSuchFileException ex) {
            return false;
        }
    }

    // ---- helpers ----

    /** The files this store writes into a checkpoint directory; the manifest only when asked. */
    private List<Path> ownFiles(long id, boolean withManifest) {
        Path manifest = layout.manifest(id);
        Path state = layout.state(id);
        List<Path> files = new ArrayList<>(4);
        if (withManifest) {
            files.add(manifest);
        }
        files.add(FileSystemLayout.tmp(manifest));
        files.add(state);
        files.add(FileSystemLayout.tmp(state));
        return files;
    }

    private void deleteOwnFiles(long id, boolean withManifest) throws IOException {
        for (Path file : ownFiles(id, withManifest)) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Removes the directory a failed write created, when the failure left it empty, so that it is
     * not listed as a checkpoint (every {@code checkpoint_N} directory is listed, as in LaminarDB).
     */
    private void removeFailedDirectory(long id) {
        try {
            Files.deleteIfExists(layout.checkpointDir(id));
        }
        catch (IOException ex) {
            log.debug("Left {} after a failed write: {}", layout.checkpointDir(id), ex.toString());
        }
    }

    private static void removeIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        }
        catch (DirectoryNotEmptyException ex) {
            log.warn("Left {} in place: it holds files this store did not write", dir);
        }
    }

    /**
     * Ids of the entries of {@code checkpoints/} that are checkpoint directories, as LaminarDB lists
     * them: every directory (not a link to one) named {@code checkpoint_} and an unsigned decimal,
     * whether or not it holds a manifest; ascending as unsigned values, each id once.
     */
    private List<Long> checkpointDirectories() {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.checkpointsDir())) {
            for (Path entry : entries) {
                OptionalLong id = FileSystemLayout.parseDirectoryName(entry.getFileName().toString());
                if (id.isPresent() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    ids.add(id.getAsLong());
                }
            }
        }
        catch (NoSuchFileException ex) {
            return List.of();
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot list " + layout.checkpointsDir() + ": " + ex, ex);
        }
        return CheckpointIds.sortedDistinct(ids);
    }

    /** Creates a checkpoint's directory, the parent of its manifest and sidecar; false when it exists. */
    private static boolean createCheckpointDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
            return true;
        }
        catch (FileAlreadyExistsException ex) {
            if (Files.isDirectory(dir)) {
                return false;
            }
            throw ex;
        }
    }

    private ReentrantLock lockFor(long id) {
        return idLocks[(int) Math.floorMod(id ^ (id >>> 32), (long) LOCK_STRIPES)];
    }

    /** Configures a {@link FileSystemCheckpointStore}. */
    public static final class Builder extends CheckpointStoreBuilder<Builder> {

        private final Path baseDir;
        private DurableFiles files = new DurableFiles();

        private Builder(Path baseDir) {
            this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        }






        /**
         * Sets the file operations the store publishes with: for tests that pause or fail a step.
         *
         * @param files the file operations
         * @return this builder
         */
        Builder durableFiles(DurableFiles files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        /**
         * Creates {@code {baseDir}/checkpoints} if needed (durably) and builds the store.
         *
         * @return the store
         * @throws CheckpointIoException naming the path when the directory cannot be created, is not a
         *     directory or is not writable
         */
        public FileSystemCheckpointStore build() {
            FileSystemLayout layout = new FileSystemLayout(baseDir);
            Path dir = layout.checkpointsDir();
            for (Path path : List.of(layout.baseDir(), dir)) {
                if (Files.exists(path) && !Files.isDirectory(path)) {
                    throw new CheckpointIoException("checkpoint directory " + path + " exists and is not a directory");
                }
            }
            try {
                files.createDirectoriesDurably(dir);
            }
            catch (IOException ex) {
                throw new CheckpointIoException("cannot create checkpoint directory " + dir + ": " + ex, ex);
            }
            if (!Files.isWritable(dir)) {
                throw new CheckpointIoException("checkpoint directory " + dir + " is not writable");
            }
            return new FileSystemCheckpointStore(this, layout);
        }
    }
}
