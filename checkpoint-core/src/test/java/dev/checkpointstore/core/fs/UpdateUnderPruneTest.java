package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointNotFoundException;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;

/**
 * Two store instances on one directory (a failover overlap): one updates a checkpoint's manifest
 * (recording a sink commit) while the other prunes that checkpoint. The update is held, by a
 * latch, right after its {@code manifest.json.tmp} is written and fsynced, the prune runs to the
 * end, then the update goes on: it must fail with {@link CheckpointNotFoundException} (or succeed),
 * never with an I/O error about its temp file, and must not bring the checkpoint back.
 */
class UpdateUnderPruneTest {

    @TempDir
    Path tmp;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private FileSystemLayout layout() {
        return new FileSystemLayout(tmp.resolve("base"));
    }

    private static CheckpointManifest manifest(long id) {
        return CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(1_700_000_000_000L + id)
                .vnodeCount(256).putOperatorState("op", OperatorCheckpoint.external(0, 8))
                .putSinkEpoch("pg", id).putSinkCommitStatus("pg", SinkCommitStatus.PENDING).build();
    }

    private static CheckpointManifest committed(long id) {
        return manifest(id).toBuilder().putSinkCommitStatus("pg", SinkCommitStatus.COMMITTED).build();
    }

    private static List<ByteBuffer> state(long id) {
        return List.of(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) id}));
    }

    @Test
    void anUpdateOvertakenByAPruneOfItsCheckpointIsNotFoundAndDoesNotBringItBack() throws Exception {
        PausingFiles pausing = new PausingFiles(FileSystemLayout.tmp(layout().manifest(1)));
        FileSystemCheckpointStore updater = FileSystemCheckpointStore.builder(tmp.resolve("base")).durableFiles(pausing)
                .build();
        FileSystemCheckpointStore pruner = FileSystemCheckpointStore.builder(tmp.resolve("base")).build();
        updater.saveWithState(manifest(1), state(1));
        updater.saveWithState(manifest(2), state(2));

        pausing.armed.set(true);
        Future<?> update = pool.submit(() -> updater.updateManifest(committed(1)));
        assertThat(pausing.entered.await(30, TimeUnit.SECONDS)).as("the update wrote its temp file").isTrue();
        assertThat(pruner.prune(1)).isEqualTo(1);
        pausing.release.countDown();

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> update.get(30, TimeUnit.SECONDS))
                .havingCause().isInstanceOf(CheckpointNotFoundException.class)
                .withMessageContaining("checkpoint 1").withMessageContaining(layout().manifest(1).toString())
                .withMessageContaining("pruned");
        assertThat(pruner.listIds()).containsExactly(2L);
        assertThat(layout().checkpointDir(1)).doesNotExist();
        assertThat(pruner.recoverLatestValidated().chosenId()).hasValue(2);
    }

    @Test
    void anUpdateThatWinsThePruneIsKeptUntilThePruneDeletesIt() throws Exception {
        FileSystemCheckpointStore updater = FileSystemCheckpointStore.builder(tmp.resolve("base")).build();
        FileSystemCheckpointStore pruner = FileSystemCheckpointStore.builder(tmp.resolve("base")).build();
        updater.saveWithState(manifest(1), state(1));
        updater.saveWithState(manifest(2), state(2));

        updater.updateManifest(committed(1));
        assertThat(pruner.loadById(1)).hasValue(committed(1));
        assertThat(pruner.prune(1)).isEqualTo(1);

        assertThat(pruner.listIds()).containsExactly(2L);
        assertThat(layout().checkpointDir(1)).doesNotExist();
    }

    @Test
    void anUpdateOfAPrunedCheckpointIsNotFoundAndLeavesNothing() {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(tmp.resolve("base")).build();
        store.saveWithState(manifest(1), state(1));
        store.saveWithState(manifest(2), state(2));
        store.prune(1);

        assertThatExceptionOfType(CheckpointNotFoundException.class).isThrownBy(() -> store.updateManifest(committed(1)))
                .withMessageContaining("checkpoint 1");
        assertThat(store.listIds()).containsExactly(2L);
        assertThat(layout().checkpointDir(1)).doesNotExist();
    }

    /** Holds the fsync of one temp file until released, once armed. */
    private static final class PausingFiles extends DurableFiles {

        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Path watched;

        PausingFiles(Path watched) {
            this.watched = watched;
        }

        @Override
        void syncFile(Path file, FileChannel channel) throws IOException {
            super.syncFile(file, channel);
            if (file.equals(watched) && armed.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("the test never released the paused fsync of " + file);
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while paused", ex);
                }
            }
        }
    }
}
