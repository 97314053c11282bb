package dev.checkpointstore.spring.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.checkpointstore.spring.CheckpointOrphanCleaner;

/**
 * Runs orphan cleanup with a fixed delay on its own single daemon thread, started and stopped
 * with the application context. It does not use, or need, {@code @EnableScheduling}, and its
 * scheduler is not a bean, so the application's own scheduling is not affected. A failed run is
 * logged and the next one happens as planned.
 */
public class OrphanCleanupScheduler implements SmartLifecycle {

    /** The name prefix of the cleanup thread. */
    public static final String THREAD_NAME_PREFIX = "checkpoint-orphan-cleanup-";

    private static final Log logger = LogFactory.getLog(OrphanCleanupScheduler.class);

    private final CheckpointOrphanCleaner cleaner;
    private final Duration initialDelay;
    private final Duration interval;
    private final Object monitor = new Object();
    private @Nullable ThreadPoolTaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> task;

    /**
     * Creates a scheduler.
     * @param cleaner runs one cleanup
     * @param initialDelay time from start to the first cleanup
     * @param interval time between the end of one cleanup and the start of the next, positive
     */
    public OrphanCleanupScheduler(CheckpointOrphanCleaner cleaner, Duration initialDelay, Duration interval) {
        this.cleaner = Objects.requireNonNull(cleaner, "cleaner");
        this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
    }

    @Override
    public void start() {
        synchronized (monitor) {
            if (scheduler != null) {
                return;
            }
            ThreadPoolTaskScheduler threads = DaemonScheduler.start(THREAD_NAME_PREFIX, Duration.ofSeconds(30));
            scheduler = threads;
            task = threads.scheduleWithFixedDelay(this::runOnce, Instant.now().plus(initialDelay), interval);
        }
    }

    @Override
    public void stop() {
        synchronized (monitor) {
            if (task != null) {
                task.cancel(false);
                task = null;
            }
            if (scheduler != null) {
                scheduler.shutdown();
                scheduler = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (monitor) {
            return scheduler != null;
        }
    }

    private void runOnce() {
        try {
            cleaner.cleanup();
        }
        catch (RuntimeException ex) {
            logger.warn("Checkpoint orphan cleanup failed; it runs again in " + interval, ex);
        }
    }
}
