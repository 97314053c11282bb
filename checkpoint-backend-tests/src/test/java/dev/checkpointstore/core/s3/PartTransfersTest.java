package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PartTransfers} on its own: results by index, never more parts running than the
 * concurrency, and a failure that returns only after the parts in flight have ended.
 */
class PartTransfersTest {

    private static final long GUARD_SECONDS = 20;

    private final ExecutorService pool = PartTransfers.daemonPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void resultsComeBackByIndexWithAtMostConcurrencyPartsRunning() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch threeRunning = new CountDownLatch(3);

        List<Integer> results = new PartTransfers(pool, 3).runAll(20, index -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            threeRunning.countDown();
            try {
                threeRunning.await(GUARD_SECONDS, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return index * 10;
        });

        assertThat(results).hasSize(20).element(7).isEqualTo(70);
        assertThat(results.get(19)).isEqualTo(190);
        assertThat(peak).as("three at once, never four").hasValue(3);
    }

    @Test
    void aFailureStopsTheOtherPartsAndReturnsOnlyAfterTheRunningOnesEnded() {
        CountDownLatch secondRunning = new CountDownLatch(1);
        AtomicBoolean secondEnded = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        PartTransfers transfers = new PartTransfers(pool, 2);

        assertThatIllegalStateException().isThrownBy(() -> transfers.runAll(10, index -> {
            started.incrementAndGet();
            if (index == 1) {
                secondRunning.countDown();
                try {
                    new CountDownLatch(1).await(GUARD_SECONDS, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    // stopped by the failure of part 0
                }
                secondEnded.set(true);
                return null;
            }
            try {
                secondRunning.await(GUARD_SECONDS, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("part " + index + " failed");
        })).withMessage("part 0 failed");

        assertThat(secondEnded).as("part 1 ended before runAll returned").isTrue();
        assertThat(started).as("no part started after the failure").hasValue(2);
    }

    @Test
    void oneAtATimeRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();

        List<Boolean> onCaller = new PartTransfers(pool, 1).runAll(3, index -> Thread.currentThread() == caller);

        assertThat(onCaller).containsExactly(true, true, true);
    }
}
