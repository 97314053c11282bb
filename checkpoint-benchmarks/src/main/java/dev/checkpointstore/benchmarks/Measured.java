package dev.checkpointstore.benchmarks;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One benchmark's result as the quick profile's summary reads it, apart from JMH's types.
 *
 * @param benchmark the class's simple name and method, for example {@code SaveBenchmark.store_save}
 * @param params the JMH parameters
 * @param score the primary score
 * @param error the score's 99.9% error, NaN when unknown
 * @param unit the score's unit, for example {@code us/op}
 * @param allocBytesPerOp bytes allocated per operation ({@code -prof gc}), empty without it
 * @param counters secondary results other than the profiler's, by name (S3 requests per operation)
 */
public record Measured(String benchmark, Map<String, String> params, double score, double error, String unit,
        OptionalDouble allocBytesPerOp, Map<String, Double> counters) {

    /** Creates a result; the maps are copied. */
    public Measured {
        Objects.requireNonNull(benchmark, "benchmark");
        params = Map.copyOf(params);
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(allocBytesPerOp, "allocBytesPerOp");
        counters = Map.copyOf(counters);
    }

    /**
     * Whether this is the result of a method with these parameters.
     * @param name {@code Class.method}
     * @param key a parameter name, or null for none
     * @param value its value
     * @return true when both match
     */
    public boolean is(String name, String key, String value) {
        return benchmark.equals(name) && value.equals(params.get(key));
    }

    /**
     * The score in seconds per operation, for units {@code s/op}, {@code ms/op}, {@code us/op}
     * and {@code ns/op}.
     * @return seconds
     */
    public double seconds() {
        return switch (unit) {
            case "s/op" -> score;
            case "ms/op" -> score / 1e3;
            case "us/op" -> score / 1e6;
            case "ns/op" -> score / 1e9;
            default -> throw new IllegalStateException(benchmark + " has unit " + unit + ", not a time per operation");
        };
    }
}
