package dev.checkpointstore.spring.coordinator;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Where a checkpoint is cut: between records, on every thread that processes them. A processing
 * thread brackets each unit of work (one record, or one batch) with {@link #enter()} and
 * {@link #exit()}; a checkpoint runs its cut through {@link #cut}, which waits until no thread is
 * inside a unit of work, holds every thread at its next {@link #enter()} while the cut runs, and
 * lets them go on when it is done. So the cut sees every source position and every participant's
 * state after the same records, and no thread stops at an arbitrary point of its work.
 *
 * <p>A thread that is not between {@code enter} and {@code exit} (waiting for records, say) does
 * not hold up a cut. Entering costs two volatile writes and a volatile read on the thread's own
 * lane; threads never contend with each other, only with a cut in progress. {@code enter} and
 * {@code exit} nest: only the outermost pair counts.
 *
 * <p>The Kafka integration brackets every record of an enrolled listener container; a source that
 * runs its own threads brackets its work itself.
 */
public final class CheckpointBarrier {

    private final Set<Lane> lanes = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Lane> current = ThreadLocal.withInitial(this::newLane);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition laneLeft = lock.newCondition();
    private final Condition cutDone = lock.newCondition();
    private final ReentrantLock cuts = new ReentrantLock();
    private volatile boolean cutRequested;
    private long passesOfEndedLanes;

    /**
     * Starts a unit of work on the calling thread: waits while a cut is in progress, then marks
     * the thread as busy until the matching {@link #exit()}.
     */
    public void enter() {
        Lane lane = current.get();
        if (lane.depth++ > 0) {
            return;
        }
        while (true) {
            lane.busy = true;
            if (!cutRequested) {
                lane.passes++;
                return;
            }
            lane.busy = false;
            signalLaneLeft();
            awaitCutDone();
        }
    }

    /**
     * Ends the calling thread's unit of work. Calling it with no unit of work open does nothing,
     * so a caller that cannot be sure (after a failure, say) may call it to reset the thread.
     */
    public void exit() {
        Lane lane = current.get();
        if (lane.depth > 1) {
            lane.depth--;
            return;
        }
        lane.depth = 0;
        if (lane.busy) {
            lane.busy = false;
            if (cutRequested) {
                signalLaneLeft();
            }
        }
    }

    /**
     * Whether the calling thread is inside a unit of work.
     * @return true between its {@link #enter()} and {@link #exit()}
     */
    public boolean isInside() {
        return current.get().depth > 0;
    }

    /**
     * How many units of work have been entered so far, by every thread; a checkpoint compares it
     * with the value at its previous cut to tell whether anything was processed since.
     * @return the count; read it inside a {@link #cut} to get an exact value
     */
    public long passes() {
        lock.lock();
        try {
            long sum = passesOfEndedLanes;
            for (Lane lane : lanes) {
                sum += lane.passes;
            }
            return sum;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} once every thread is between units of work, holding every thread that
     * tries to enter one until it returns. One cut runs at a time.
     * @param <T> what the action returns
     * @param timeout how long to wait for the threads inside a unit of work to leave it
     * @param action the cut
     * @return what the action returned
     * @throws CheckpointFailedException when a thread is still inside a unit of work after
     *     {@code timeout}, or the calling thread is itself inside one (it would wait for itself)
     * @throws InterruptedException when interrupted while waiting
     */
    public <T> T cut(Duration timeout, Supplier<T> action) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (isInside()) {
            throw new CheckpointFailedException("a checkpoint cannot be cut from inside a unit of work (a record "
                    + "being processed) on the same thread: it would wait for itself; trigger it from another thread");
        }
        cuts.lockInterruptibly();
        try {
            cutRequested = true;
            try {
                awaitNoLaneBusy(timeout);
                return action.get();
            }
            finally {
                lock.lock();
                try {
                    cutRequested = false;
                    cutDone.signalAll();
                }
                finally {
                    lock.unlock();
                }
            }
        }
        finally {
            cuts.unlock();
        }
    }

    private void awaitNoLaneBusy(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                Lane busy = busyLane();
                if (busy == null) {
                    return;
                }
                if (remaining <= 0) {
                    throw new CheckpointFailedException("thread '" + busy.thread.getName() + "' was still processing a "
                            + "record after " + timeout + " (checkpoint.coordinator.barrier-timeout); the checkpoint "
                            + "was abandoned and processing goes on");
                }
                remaining = laneLeft.awaitNanos(remaining);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** Under {@link #lock}: a lane still inside a unit of work, forgetting lanes whose thread ended. */
    private Lane busyLane() {
        Lane found = null;
        for (Lane lane : lanes) {
            if (!lane.thread.isAlive()) {
                passesOfEndedLanes += lane.passes;
                lanes.remove(lane);
            }
            else if (lane.busy && found == null) {
                found = lane;
            }
        }
        return found;
    }

    private void signalLaneLeft() {
        lock.lock();
        try {
            laneLeft.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void awaitCutDone() {
        boolean interrupted = false;
        lock.lock();
        try {
            while (cutRequested) {
                try {
                    cutDone.await(1, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        }
        finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Lane newLane() {
        Lane lane = new Lane(Thread.currentThread());
        lanes.add(lane);
        return lane;
    }

    /** One thread's place at the barrier; {@code depth} and {@code passes} are written by that thread only. */
    private static final class Lane {

        final Thread thread;
        volatile boolean busy;
        int depth;
        long passes;

        Lane(Thread thread) {
            this.thread = thread;
        }
    }
}
