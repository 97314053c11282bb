package dev.checkpointstore.sample;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ForwardingCheckpointStore;
import dev.checkpointstore.spring.autoconfigure.CheckpointStoreDecorator;

/**
 * A hook for the end-to-end tests ({@code sample.test.stall-checkpoint-save=n}): the n-th save of
 * a checkpoint with a sidecar writes the sidecar, logs
 * {@code stalled the save of checkpoint N after its sidecar} and then never returns, so that the
 * test kills the process with the checkpoint half written. Processing goes on meanwhile: saves run
 * on the coordinator's thread.
 */
final class SaveStallHook implements CheckpointStoreDecorator {

    private static final Logger log = LoggerFactory.getLogger(SaveStallHook.class);

    private final int stallAt;

    SaveStallHook(int stallAt) {
        this.stallAt = stallAt;
    }

    @Override
    public CheckpointStore decorate(CheckpointStore store) {
        AtomicInteger savesWithSidecar = new AtomicInteger();
        return new ForwardingCheckpointStore() {
            @Override
            public CheckpointStore delegate() {
                return store;
            }

            @Override
            public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
                if (state != null && savesWithSidecar.incrementAndGet() == stallAt) {
                    store.saveStateData(manifest.checkpointId(), state);
                    log.warn("stalled the save of checkpoint {} after its sidecar (sample.test.stall-checkpoint-save)",
                            Long.toUnsignedString(manifest.checkpointId()));
                    stallForever();
                }
                store.saveWithState(manifest, state);
            }

            @Override
            public void save(CheckpointManifest manifest) {
                saveWithState(manifest, null);
            }
        };
    }

    private static void stallForever() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            }
            catch (InterruptedException ex) {
                // a test hook that stalls for good: only SIGKILL ends it
            }
        }
    }
}
