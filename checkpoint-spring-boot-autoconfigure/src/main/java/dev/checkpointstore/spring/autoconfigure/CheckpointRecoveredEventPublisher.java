package dev.checkpointstore.spring.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;

import dev.checkpointstore.core.SkippedCheckpoint;
import dev.checkpointstore.spring.CheckpointRecoveredEvent;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.RecoveryOutcome;

/**
 * Logs the startup recovery and publishes it as a {@link CheckpointRecoveredEvent} once every
 * singleton exists, before lifecycle beans start.
 */
final class CheckpointRecoveredEventPublisher implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(CheckpointRecoveredEventPublisher.class);

    private final CheckpointRecovery recovery;
    private final String location;
    private final ApplicationEventPublisher publisher;

    CheckpointRecoveredEventPublisher(CheckpointRecovery recovery, String location, ApplicationEventPublisher publisher) {
        this.recovery = recovery;
        this.location = location;
        this.publisher = publisher;
    }

    @Override
    public void afterSingletonsInstantiated() {
        log();
        publisher.publishEvent(new CheckpointRecoveredEvent(recovery));
    }

    private void log() {
        for (SkippedCheckpoint skipped : recovery.report().skipped()) {
            logger.warn("Skipped invalid checkpoint " + Long.toUnsignedString(skipped.id()) + " at " + location + ": " + skipped.reason());
        }
        RecoveryOutcome outcome = recovery.outcome();
        switch (outcome) {
            case LATEST, FALLBACK -> logger.info("Recovering from checkpoint " + Long.toUnsignedString(recovery.chosenId().getAsLong()) + " at "
                    + location + " (" + outcome.tag() + ", " + recovery.report().examined() + " examined)");
            case FRESH -> logger.info("No checkpoint at " + location + ": starting fresh");
            case NONE_VALID -> logger.warn("None of the " + recovery.report().examined() + " checkpoints at " + location
                    + " is valid: starting fresh");
        }
    }
}
