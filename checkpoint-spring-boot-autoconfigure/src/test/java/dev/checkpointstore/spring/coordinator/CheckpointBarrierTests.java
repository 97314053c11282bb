package dev.checkpointstore.spring.coordinator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointRecovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CheckpointBarrierTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final CheckpointBarrier barrier = new CheckpointBarrier();

    @Test
    void aCutWaitsForTheThreadInsideARecordAndSeesItsWholeRecord() throws Exception {
        AtomicInteger state = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread worker = start("worker", () -> {
            barrier.enter();
            state.set(1);
            inside.countDown();
            await(finish);
            state.set(2);
            barrier.exit();
        });
        await(inside);
        AtomicReference<Integer> seen = new AtomicReference<>();
        Thread cutter = start("cutter", () -> call(() -> barrier.cut(PATIENCE, () -> {
            seen.set(state.get());
            return null;
        })));
        awaitBlocked(cutter);
        assertThat(seen.get()).as("the cut ran while a record was half processed").isNull();

        finish.countDown();
        cutter.join(PATIENCE.toMillis());
        worker.join(PATIENCE.toMillis());

        assertThat(seen.get()).isEqualTo(2);
    }

    @Test
    void aThreadStartingARecordDuringACutWaitsUntilTheCutIsDone() throws Exception {
        AtomicInteger state = new AtomicInteger();
        CountDownLatch cutRunning = new CountDownLatch(1);
        CountDownLatch endCut = new CountDownLatch(1);
        AtomicReference<Integer> seen = new AtomicReference<>();
        Thread cutter = start("cutter", () -> call(() -> barrier.cut(PATIENCE, () -> {
            cutRunning.countDown();
            await(endCut);
            seen.set(state.get());
            return null;
        })));
        await(cutRunning);
        Thread worker = start("worker", () -> {
            barrier.enter();
            state.incrementAndGet();
            barrier.exit();
        });
        awaitBlocked(worker);
        assertThat(state).hasValue(0);

        endCut.countDown();
        cutter.join(PATIENCE.toMillis());
        worker.join(PATIENCE.toMillis());

        assertThat(seen.get()).isZero();
        assertThat(state).hasValue(1);
        assertThat(barrier.passes()).isEqualTo(1);
    }

    @Test
    void aThreadBetweenRecordsDoesNotHoldUpACut() throws Exception {
        Thread idle = start("idle", () -> {
            barrier.enter();
            barrier.exit();
        });
        idle.join(PATIENCE.toMillis());

        assertThat(barrier.cut(Duration.ofMillis(1), () -> "cut")).isEqualTo("cut");
    }

    @Test
    void aRecordThatOutlastsTheTimeoutAbandonsTheCutAndProcessingGoesOn() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread worker = start("slow-worker", () -> {
            barrier.enter();
            inside.countDown();
            await(finish);
            barrier.exit();
            barrier.enter();
            barrier.exit();
        });
        await(inside);

        assertThatExceptionOfType(CheckpointFailedException.class)
                .isThrownBy(() -> barrier.cut(Duration.ofMillis(50), () -> "never"))
                .withMessageContaining("thread 'slow-worker' was still processing a record after PT0.05S");
        finish.countDown();
        worker.join(PATIENCE.toMillis());

        assertThat(worker.isAlive()).isFalse();
        assertThat(barrier.passes()).isEqualTo(2);
    }

    @Test
    void enterAndExitNestAndAStrayExitDoesNothing() throws Exception {
        barrier.exit();
        barrier.enter();
        barrier.enter();
        barrier.exit();
        assertThat(barrier.isInside()).isTrue();
        barrier.exit();
        assertThat(barrier.isInside()).isFalse();
        assertThat(barrier.passes()).isEqualTo(1);
    }

    @Test
    void aCheckpointFromInsideARecordFailsInsteadOfWaitingForItself() {
        CheckpointCoordinator coordinator = CheckpointCoordinator.builder(InMemoryCheckpointStore.builder().build())
                .build();
        coordinator.restore(CheckpointRecovery.recover(coordinator.store()));
        coordinator.barrier().enter();
        try {
            assertThatExceptionOfType(CheckpointFailedException.class).isThrownBy(coordinator::checkpoint)
                    .withMessageContaining("from inside a unit of work");
        }
        finally {
            coordinator.barrier().exit();
        }
        assertThat(coordinator.checkpoint().checkpointId()).isEqualTo(1);
    }

    @Test
    void theLaneOfAThreadThatDiedInsideARecordIsForgotten() throws Exception {
        Thread crashed = start("crashed", barrier::enter);
        crashed.join(PATIENCE.toMillis());

        assertThat(barrier.cut(Duration.ofMillis(1), () -> "cut")).isEqualTo("cut");
        assertThat(barrier.passes()).isEqualTo(1);
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void call(java.util.concurrent.Callable<?> body) {
        try {
            body.call();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("latch released").isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Waits until a thread is parked (in the barrier), with a generous limit against a hang. */
    static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("%s blocked within %s", thread.getName(), PATIENCE).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

}
