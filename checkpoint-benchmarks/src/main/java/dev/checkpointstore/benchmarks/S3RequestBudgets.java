package dev.checkpointstore.benchmarks;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The S3 backend issue's request budgets, in the steady state of one writer, by the operation
 * names of {@code S3Benchmark}: {@code save} 2, {@code saveWithState} below the multipart
 * threshold 3, {@code loadLatest} 2, {@code recoverLatestValidated} with the newest valid and
 * fewer than 1,000 manifests 1 LIST page plus 2 GETs; {@code recoverPastCorrupt} (issue 14), with
 * the {@link S3Benchmark#CORRUPT_NEWEST} newest manifests corrupt and the chosen manifest loaded, 1
 * LIST page plus N + 3 GETs (sidecars up to the part size, one GET each).
 */
public final class S3RequestBudgets {

    private static final Map<String, Integer> BUDGETS = Map.of(
            "save", 2,
            "saveWithState", 3,
            "loadLatest", 2,
            "recoverLatestValidated", 3,
            "recoverPastCorrupt", 1 + S3Benchmark.CORRUPT_NEWEST + 3);

    private S3RequestBudgets() {
    }

    /**
     * The budget of an operation.
     * @param operation the operation's name
     * @return requests allowed per operation, empty when the issue sets none
     */
    public static OptionalDouble of(String operation) {
        Integer budget = BUDGETS.get(operation);
        return budget == null ? OptionalDouble.empty() : OptionalDouble.of(budget);
    }
}
