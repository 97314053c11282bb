package dev.checkpointstore.spring.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.scheduling.DaemonScheduler;

/**
 * Runs a {@link CheckpointCoordinator} with the application context. Once every singleton exists,
 * before any {@code SmartLifecycle} starts (so before every listener container and every source
 * the application starts itself), it registers the participant, sink and source beans and
 * restores them from the startup {@link CheckpointRecovery}. While the context runs it
 * checkpoints every {@code interval} on its own daemon thread when there was progress. It stops
 * after the listener containers and the application's lifecycle beans (phase {@value #PHASE}),
 * and then takes a last checkpoint if asked to.
 */
public class CheckpointCoordinatorLifecycle implements SmartInitializingSingleton, SmartLifecycle {

    /** The lifecycle phase: before spring-kafka's containers and default-phase beans start, and after they stop. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    /** The name prefix of the scheduling thread. */
    public static final String THREAD_NAME_PREFIX = "checkpoint-coordinator-";

    private static final Log logger = LogFactory.getLog(CheckpointCoordinatorLifecycle.class);

    private final CheckpointCoordinator coordinator;
    private final CheckpointRecovery recovery;
    private final List<CheckpointParticipant> participants;
    private final List<TransactionalSink> sinks;
    private final List<CheckpointSource> sources;
    private final Duration interval;
    private final boolean checkpointOnShutdown;
    private final Object monitor = new Object();
    private @Nullable ThreadPoolTaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> task;

    /**
     * Creates the lifecycle.
     * @param coordinator the coordinator
     * @param recovery the startup recovery to restore from
     * @param participants the participants to register
     * @param sinks the sinks to register
     * @param sources the sources to register
     * @param interval time between scheduled checkpoints, 0 for none
     * @param checkpointOnShutdown whether to checkpoint when stopping
     */
    public CheckpointCoordinatorLifecycle(CheckpointCoordinator coordinator, CheckpointRecovery recovery,
            List<CheckpointParticipant> participants, List<TransactionalSink> sinks, List<CheckpointSource> sources,
            Duration interval, boolean checkpointOnShutdown) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.participants = List.copyOf(participants);
        this.sinks = List.copyOf(sinks);
        this.sources = List.copyOf(sources);
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, was " + interval);
        }
        this.interval = interval;
        this.checkpointOnShutdown = checkpointOnShutdown;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (coordinator.isRestored()) {
            return;
        }
        participants.forEach(coordinator::addParticipant);
        sinks.forEach(coordinator::addSink);
        sources.forEach(coordinator::addSource);
        coordinator.restore(recovery);
    }

    @Override
    public void start() {
        synchronized (monitor) {
            if (scheduler != null) {
                return;
            }
            ThreadPoolTaskScheduler threads = DaemonScheduler.start(THREAD_NAME_PREFIX, Duration.ofSeconds(60));
            scheduler = threads;
            if (!interval.isZero()) {
                task = threads.scheduleWithFixedDelay(this::scheduledCheckpoint, Instant.now().plus(interval), interval);
            }
        }
    }

    @Override
    public void stop() {
        synchronized (monitor) {
            if (scheduler == null) {
                return;
            }
            if (task != null) {
                task.cancel(false);
                task = null;
            }
            scheduler.shutdown();
            scheduler = null;
        }
        if (checkpointOnShutdown) {
            try {
                coordinator.checkpointIfProgress(CheckpointTrigger.SHUTDOWN);
            }
            catch (RuntimeException ex) {
                logger.warn("The checkpoint at shutdown failed; the next start resumes from the previous one", ex);
            }
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (monitor) {
            return scheduler != null;
        }
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void scheduledCheckpoint() {
        try {
            coordinator.checkpointIfProgress(CheckpointTrigger.INTERVAL);
        }
        catch (CheckpointFailedException ex) {
            logger.warn("Scheduled checkpoint failed, the next one is due in " + interval + ": " + ex.getMessage(),
                    ex.getCause());
        }
        catch (RuntimeException ex) {
            logger.error("Scheduled checkpoint failed, the next one is due in " + interval, ex);
        }
    }
}
