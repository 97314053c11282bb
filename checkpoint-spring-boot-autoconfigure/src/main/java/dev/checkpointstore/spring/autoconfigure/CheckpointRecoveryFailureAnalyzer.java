package dev.checkpointstore.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.checkpointstore.spring.CheckpointRecoveryException;

/**
 * Reports a startup recovery that could not read the store.
 */
class CheckpointRecoveryFailureAnalyzer extends AbstractFailureAnalyzer<CheckpointRecoveryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CheckpointRecoveryException cause) {
        return new FailureAnalysis("The startup checkpoint recovery could not read the checkpoint store at "
                + cause.location() + ": " + cause.getMessage() + ". The application did not start, "
                + "because starting without the state it should restore would lose it.",
                "Make the checkpoint store reachable (check checkpoint.backend, checkpoint.filesystem.base-dir or "
                        + "checkpoint.s3.bucket and the spring.cloud.aws.* connection, credentials and permissions), "
                        + "then restart the application.",
                cause);
    }
}
