package dev.checkpointstore.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link CheckpointStoreStartupException}: the store's location, what happened and the fix.
 */
class CheckpointStoreStartupFailureAnalyzer extends AbstractFailureAnalyzer<CheckpointStoreStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CheckpointStoreStartupException cause) {
        return new FailureAnalysis("The checkpoint store at " + cause.location() + " cannot be used: " + cause.problem()
                + ".", cause.action(), cause);
    }
}
