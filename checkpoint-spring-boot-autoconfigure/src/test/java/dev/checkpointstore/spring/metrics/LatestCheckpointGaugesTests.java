package dev.checkpointstore.spring.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ForwardingCheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;

class LatestCheckpointGaugesTests {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(TestCheckpoints.BASE_TIMESTAMP_MS + 10_000),
            ZoneOffset.UTC);

    @Test
    void savedIsNotBlockedByARefreshWaitingOnTheStore() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockingStore store = new BlockingStore(TestCheckpoints.memoryStoreWith(1), reading, release);
        LatestCheckpointGauges gauges = new LatestCheckpointGauges(() -> store, Duration.ofHours(1), CLOCK);
        CompletableFuture<Double> gauge = CompletableFuture.supplyAsync(gauges::latestId);
        reading.await();

        Thread saver = new Thread(() -> gauges.saved(TestCheckpoints.manifest(2, 0)), "saver");
        saver.start();
        Thread.State state;
        try {
            state = settled(saver, store.reader());
        }
        finally {
            release.countDown();
        }
        saver.join();

        assertThat(state).as("saved() while the gauge reads the store").isEqualTo(Thread.State.TERMINATED);
        assertThat(gauge.get()).as("the older checkpoint read does not hide the newer save").isEqualTo(2.0);
        assertThat(gauges.latestId()).isEqualTo(2.0);
        assertThat(store.loads()).isEqualTo(1);
    }

    @Test
    void readsTheStoreOncePerRefreshInterval() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(1);
        BlockingStore store = new BlockingStore(memory, new CountDownLatch(0), new CountDownLatch(0));
        LatestCheckpointGauges gauges = new LatestCheckpointGauges(() -> store, Duration.ofHours(1), CLOCK);

        assertThat(gauges.latestId()).isEqualTo(1.0);
        TestCheckpoints.save(memory, 2);

        assertThat(gauges.latestId()).isEqualTo(1.0);
        assertThat(gauges.latestAgeSeconds()).isEqualTo(10.0);
        assertThat(store.loads()).isEqualTo(1);
    }

    @Test
    void aRefreshReplacesWhatWasSavedWhenNoSaveHappenedMeanwhile() {
        InMemoryCheckpointStore memory = TestCheckpoints.memoryStoreWith(3);
        LatestCheckpointGauges gauges = new LatestCheckpointGauges(() -> memory, Duration.ZERO, CLOCK);
        gauges.saved(TestCheckpoints.manifest(9, 0));

        assertThat(gauges.latestId()).isEqualTo(3.0);
    }

    /**
     * Waits, without sleeping, until the thread has finished or waits for a lock that the reader
     * holds. A thread may block for a moment on some other lock (class loading, logging); that is
     * not the lock under test, so the wait goes on.
     */
    private static Thread.State settled(Thread thread, Thread reader) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.TERMINATED) {
                return state;
            }
            if (state != Thread.State.RUNNABLE && state != Thread.State.NEW) {
                ThreadInfo info = threads.getThreadInfo(thread.getId());
                if (info != null && info.getLockOwnerId() == reader.getId()) {
                    return state;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Blocks {@code loadLatest} until released, after saying it has started. */
    private static final class BlockingStore implements ForwardingCheckpointStore {

        private final CheckpointStore delegate;
        private final CountDownLatch reading;
        private final CountDownLatch release;
        private final AtomicInteger loads = new AtomicInteger();
        private volatile @Nullable Thread reader;

        BlockingStore(CheckpointStore delegate, CountDownLatch reading, CountDownLatch release) {
            this.delegate = delegate;
            this.reading = reading;
            this.release = release;
        }

        int loads() {
            return loads.get();
        }

        Thread reader() {
            Thread thread = reader;
            assertThat(thread).as("a thread is reading the store").isNotNull();
            return thread;
        }

        @Override
        public CheckpointStore delegate() {
            return delegate;
        }

        @Override
        public Optional<CheckpointManifest> loadLatest() {
            loads.incrementAndGet();
            Optional<CheckpointManifest> latest = delegate.loadLatest();
            reader = Thread.currentThread();
            reading.countDown();
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            return latest;
        }
    }
}
