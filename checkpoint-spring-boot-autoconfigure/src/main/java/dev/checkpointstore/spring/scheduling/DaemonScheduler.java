package dev.checkpointstore.spring.scheduling;

import java.time.Duration;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The starter's own schedulers: one daemon thread each, never a forced {@code @EnableScheduling},
 * that let a running task finish when closed.
 */
public final class DaemonScheduler {

    private DaemonScheduler() {
    }

    /**
     * Starts a scheduler with one daemon thread.
     * @param threadNamePrefix the thread's name prefix
     * @param awaitTermination how long closing waits for a running task
     * @return the initialized scheduler; the caller shuts it down
     */
    public static ThreadPoolTaskScheduler start(String threadNamePrefix, Duration awaitTermination) {
        ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
        threads.setPoolSize(1);
        threads.setDaemon(true);
        threads.setThreadNamePrefix(threadNamePrefix);
        threads.setWaitForTasksToCompleteOnShutdown(true);
        threads.setAwaitTerminationSeconds((int) awaitTermination.toSeconds());
        threads.initialize();
        return threads;
    }
}
