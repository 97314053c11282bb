package dev.checkpointstore.spring.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

import dev.checkpointstore.spring.CheckpointOrphansRemovedEvent;
import dev.checkpointstore.spring.CheckpointRecoveredEvent;
import dev.checkpointstore.spring.RecoveryOutcome;

/**
 * Counts recoveries ({@code checkpoint.recovery}, tag {@code outcome}: latest, fallback, fresh,
 * none-valid) and removed orphans ({@code checkpoint.orphans.removed}) from the starter's events,
 * whichever store produced them.
 */
public final class CheckpointEventMetrics implements SmartApplicationListener {

    /** The recovery counter's name. */
    public static final String RECOVERY = "checkpoint.recovery";

    /** The orphan counter's name. */
    public static final String ORPHANS_REMOVED = "checkpoint.orphans.removed";

    private final Map<RecoveryOutcome, Counter> recoveries = new EnumMap<>(RecoveryOutcome.class);
    private final Counter orphansRemoved;

    /**
     * Registers the counters.
     * @param registry where they live
     */
    public CheckpointEventMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (RecoveryOutcome outcome : RecoveryOutcome.values()) {
            recoveries.put(outcome, Counter.builder(RECOVERY)
                    .description("Checkpoint recoveries at startup, by how they ended")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
        orphansRemoved = Counter.builder(ORPHANS_REMOVED)
                .description("Orphaned checkpoint state deleted by cleanup")
                .register(registry);
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return CheckpointRecoveredEvent.class.isAssignableFrom(eventType)
                || CheckpointOrphansRemovedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof CheckpointRecoveredEvent recovered) {
            recoveries.get(recovered.recovery().outcome()).increment();
        }
        else if (event instanceof CheckpointOrphansRemovedEvent removed) {
            orphansRemoved.increment(removed.removed());
        }
    }
}
