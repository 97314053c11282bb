package dev.checkpointstore.core.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import dev.checkpointstore.core.CheckpointIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code checkpoints/latest.txt}: reads it, and moves it forward only. A move re-reads the pointer
 * under the {@link DirectoryLock}, so neither another thread nor another process sharing the
 * directory (an old instance still shutting down, a second node on a shared volume) can move it
 * back between the read and the rename.
 */
final class LatestPointerFile {

    private static final Logger log = LoggerFactory.getLogger(LatestPointerFile.class);

    /** A pointer longer than this is not a directory name; it is ignored unread. */
    private static final int MAX_POINTER_BYTES = 4096;

    /**
     * The first read asks for this much, more than any pointer this library writes, so that it
     * takes no {@code fstat} and, for a pointer of the usual size, one read and the read that finds
     * the end.
     */
    private static final int FIRST_READ_BYTES = 65;

    private final Path latest;
    private final Path latestTmp;
    private final DurableFiles files;
    private final DirectoryLock lock;

    LatestPointerFile(FileSystemLayout layout, DurableFiles files, DirectoryLock lock) {
        this.latest = layout.latest();
        this.latestTmp = FileSystemLayout.tmp(latest);
        this.files = files;
        this.lock = lock;
    }

    /**
     * The id the pointer names.
     *
     * @return the id, or empty when the pointer is missing, empty or does not name a checkpoint
     */
    OptionalLong read() {
        ByteBuffer bytes = ByteBuffer.allocate(FIRST_READ_BYTES);
        try (FileChannel channel = DurableFiles.open(latest, DurableFiles.READ)) {
            while (channel.read(bytes) >= 0) {
                if (!bytes.hasRemaining()) {
                    if (bytes.capacity() > MAX_POINTER_BYTES) {
                        break;
                    }
                    bytes = ByteBuffer.allocate(MAX_POINTER_BYTES + 1).put(bytes.flip());
                }
            }
        }
        catch (NoSuchFileException ex) {
            return OptionalLong.empty();
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot read the latest pointer " + latest + ": " + ex, ex);
        }
        if (bytes.position() > MAX_POINTER_BYTES) {
            log.warn("Ignoring latest pointer {}: over {} bytes, not a checkpoint name", latest, MAX_POINTER_BYTES);
            return OptionalLong.empty();
        }
        String content = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        OptionalLong id = FileSystemLayout.parseLatest(content);
        if (id.isEmpty() && !content.isBlank()) {
            log.warn("Ignoring latest pointer {}: '{}' does not name a checkpoint", latest, content.strip());
        }
        return id;
    }

    /**
     * Points at {@code checkpointId} unless the pointer already names it or a higher id. A move
     * costs two fsyncs: {@code latest.txt.tmp} and the checkpoints directory after the rename.
     *
     * @param checkpointId the id just saved, whose manifest is already durable
     */
    @SuppressWarnings("try")
    void advanceTo(long checkpointId) {
        try (DirectoryLock.Held held = lock.acquire()) {
            OptionalLong current;
            try {
                current = read();
            }
            catch (CheckpointIoException ex) {
                throw new CheckpointIoException("cannot point " + latest + " at checkpoint " + Long.toUnsignedString(checkpointId)
                        + ": " + ex.getMessage(), ex);
            }
            if (current.isPresent() && Long.compareUnsigned(current.getAsLong(), checkpointId) >= 0) {
                return;
            }
            files.publish(latest, latestTmp, List.of(ByteBuffer.wrap(FileSystemLayout.latestContent(checkpointId))), null);
        }
        catch (IOException ex) {
            throw new CheckpointIoException("cannot point " + latest + " at checkpoint " + Long.toUnsignedString(checkpointId)
                    + ": " + ex, ex);
        }
    }
}
