package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.checkpointstore.core.CapturedLog;
import dev.checkpointstore.core.CheckpointIoException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.test.Directories;

/**
 * The directory fsync of every publish, on platforms that cannot open a directory (Windows answers
 * {@link AccessDeniedException}): the step is skipped, as LaminarDB does, and the store works;
 * any other failure of a directory fsync still fails the operation.
 */
class DirectoryFsyncTest {

    @TempDir
    Path tmp;

    private FileSystemLayout layout() {
        return new FileSystemLayout(tmp.resolve("base"));
    }

    private static CheckpointManifest manifest(long id, int stateLength) {
        CheckpointManifest.Builder builder = CheckpointManifest.builder().checkpointId(id).epoch(id)
                .timestampMs(1_700_000_000_000L + id).vnodeCount(256);
        if (stateLength > 0) {
            builder.putOperatorState("op", OperatorCheckpoint.external(0, stateLength));
        }
        return builder.build();
    }

    @Test
    void aPlatformThatCannotOpenDirectoriesSkipsTheirFsyncAndKeepsSaving() {
        WindowsLikeFiles files = new WindowsLikeFiles();
        try (CapturedLog log = CapturedLog.of(DurableFiles.class)) {
            FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(tmp.resolve("base")).maxRetained(2)
                    .durableFiles(files).build();

            store.saveWithState(manifest(1, 8), List.of(ByteBuffer.wrap(new byte[8])));
            store.save(manifest(2, 0));
            store.saveWithState(manifest(3, 4), List.of(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})));
            store.updateManifest(manifest(3, 4).toBuilder().putSinkEpoch("pg", 3).build());

            assertThat(files.refused).contains(layout().checkpointsDir(), layout().checkpointDir(3));
            assertThat(log.warnings()).singleElement().asString().contains("Cannot open directory",
                    "directory fsyncs are skipped", "AccessDeniedException");
        }
        FileSystemCheckpointStore reader = FileSystemCheckpointStore.builder(tmp.resolve("base")).build();
        assertThat(reader.listIds()).containsExactly(2L, 3L);
        assertThat(reader.recoverLatestValidated().chosenId()).hasValue(3);
        assertThat(reader.loadLatest().map(m -> m.sinkEpochs().get("pg"))).hasValue(3L);
    }

    @Test
    void anyOtherDirectoryFsyncFailureFailsTheSave() {
        FailingDirectoryFiles files = new FailingDirectoryFiles();
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(tmp.resolve("base")).durableFiles(files)
                .build();
        files.failing.set(true);

        assertThatExceptionOfType(CheckpointIoException.class).isThrownBy(() -> store.save(manifest(1, 0)))
                .withMessageContaining("checkpoint 1").withMessageContaining("Input/output error");
        assertThat(store.latestId()).isEmpty();
    }

    @Test
    void aDirectoryThatIsNotThereIsNotSkipped() {
        DurableFiles files = new WindowsLikeFiles();

        assertThatExceptionOfType(AccessDeniedException.class)
                .isThrownBy(() -> files.syncDirectory(tmp.resolve("no-such-directory")));
    }

    @Test
    void aCheckpointDirectoryRemovedAfterItsStateWasWrittenIsMadeAgainAndMadeDurableBeforeTheManifest()
            throws IOException {
        RecordingFiles files = new RecordingFiles();
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(tmp.resolve("base")).durableFiles(files)
                .build();
        store.saveStateData(5, List.of(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        Directories.deleteTree(layout().checkpointDir(5));
        files.synced.clear();

        store.save(manifest(5, 0));

        assertThat(store.loadById(5)).hasValue(manifest(5, 0));
        assertThat(files.synced).containsExactly(layout().checkpointsDir(), layout().checkpointDir(5),
                layout().checkpointsDir());
    }

    /** Records the directories it fsyncs, in order. */
    private static final class RecordingFiles extends DurableFiles {

        final List<Path> synced = new CopyOnWriteArrayList<>();

        @Override
        void syncDirectory(Path dir) throws IOException {
            synced.add(dir);
            super.syncDirectory(dir);
        }
    }

    /** Opens no directory, as Windows does not: {@code AccessDeniedException}. */
    private static final class WindowsLikeFiles extends DurableFiles {

        final Set<Path> refused = ConcurrentHashMap.newKeySet();

        @Override
        FileChannel openDirectory(Path dir) throws IOException {
            refused.add(dir);
            throw new AccessDeniedException(dir.toString());
        }
    }

    /** A directory fsync that fails as a failing disk does. */
    private static final class FailingDirectoryFiles extends DurableFiles {

        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        FileChannel openDirectory(Path dir) throws IOException {
            if (failing.get()) {
                throw new IOException(dir + ": Input/output error");
            }
            return super.openDirectory(dir);
        }
    }
}
