package dev.checkpointstore.spring;

import dev.checkpointstore.core.RecoveryReport;

/**
 * How a recovery walk ended, as the {@code outcome} tag of the {@code checkpoint.recovery} metric.
 */
public enum RecoveryOutcome {

    /** The newest checkpoint was valid and chosen. */
    LATEST("latest"),

    /** Newer checkpoints were invalid; an older valid one was chosen. */
    FALLBACK("fallback"),

    /** There were no checkpoints: a fresh start. */
    FRESH("fresh"),

    /** Checkpoints exist but none is valid. */
    NONE_VALID("none-valid");

    private final String tag;

    RecoveryOutcome(String tag) {
        this.tag = tag;
    }

    /**
     * The metric tag value.
     * @return the lower-case, dashed name
     */
    public String tag() {
        return tag;
    }

    /**
     * Classifies a recovery report.
     * @param report the report
     * @return its outcome
     */
    public static RecoveryOutcome of(RecoveryReport report) {
        if (report.chosenId().isPresent()) {
            return report.skipped().isEmpty() ? LATEST : FALLBACK;
        }
        return report.examined() == 0 ? FRESH : NONE_VALID;
    }
}
