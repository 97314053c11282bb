package dev.checkpointstore.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.checkpointstore.spring.coordinator.CheckpointRestoreException;

/**
 * Reports a checkpoint the coordinator could not restore into the application.
 */
class CheckpointRestoreFailureAnalyzer extends AbstractFailureAnalyzer<CheckpointRestoreException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CheckpointRestoreException cause) {
        return new FailureAnalysis("The checkpoint coordinator could not restore the application: "
                + cause.getMessage() + ". The application did not start, because going on with state that does not "
                + "match the sinks' output and the sources' positions would count records twice or lose them.",
                "Run the application with the pipeline, participants, sources and sinks the checkpoint was written "
                        + "with, or remove the checkpoints together with the sinks' output to start over.",
                cause);
    }
}
