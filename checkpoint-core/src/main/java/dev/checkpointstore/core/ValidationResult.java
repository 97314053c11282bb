package dev.checkpointstore.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of validating one checkpoint.
 *
 * @param checkpointId the checkpoint
 * @param valid whether it can be recovered from (no fatal issue)
 * @param issues fatal issues and warnings, in the order found
 */
public record ValidationResult(long checkpointId, boolean valid, List<ValidationIssue> issues) {

    /** Creates a result. */
    public ValidationResult {
        issues = List.copyOf(issues);
    }

    /**
     * A result whose validity follows from its issues.
     * @param checkpointId the checkpoint
     * @param issues the findings
     * @return valid when no issue is fatal
     */
    public static ValidationResult of(long checkpointId, List<ValidationIssue> issues) {
        return new ValidationResult(checkpointId, issues.stream().noneMatch(ValidationIssue::fatal), issues);
    }

    /**
     * Every issue's message, warnings included, joined by {@code "; "} in the order found: the
     * reason LaminarDB's recovery gives for skipping a checkpoint.
     * @return the issues, empty when there are none
     */
    public String reason() {
        return issues.stream().map(ValidationIssue::message).collect(Collectors.joining("; "));
    }

    /**
     * The fatal issues' messages joined by {@code "; "}.
     * @return why the checkpoint is unusable, empty when it is valid
     */
    public String fatalReason() {
        return issues.stream().filter(ValidationIssue::fatal).map(ValidationIssue::message)
                .collect(Collectors.joining("; "));
    }
}
