package dev.checkpointstore.sample;

import java.util.Map;
import java.util.TreeMap;

import dev.checkpointstore.sample.pipeline.EventStream;
import dev.checkpointstore.sample.pipeline.SourceEvent;

/**
 * Computes the result file a run over {@code total} events must produce, independently of the
 * pipeline: a plain fold over the stream's definition, rendered by hand.
 */
public final class ExpectedResult {

    private ExpectedResult() {
    }

    /**
     * The expected {@code result.json}.
     * @param total the number of events
     * @param keys the key space, at most 1,000,000 (six-digit key names)
     * @return the file's exact text
     */
    public static String of(long total, int keys) {
        if (keys > 1_000_000) {
            throw new IllegalArgumentException("key names have six digits only up to 1,000,000 keys");
        }
        EventStream stream = new EventStream(total, keys);
        Map<String, Long> counts = new TreeMap<>();
        long sum = 0;
        for (long i = 0; i < total; i++) {
            SourceEvent event = stream.event(i);
            if (event.offset() != i) {
                throw new AssertionError("event " + i + " has offset " + event.offset());
            }
            counts.merge(String.format("k%06d", event.keyId()), 1L, Long::sum);
            sum += event.value();
        }
        StringBuilder json = new StringBuilder("{\n  \"counts\": {\n");
        String separator = "";
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            json.append(separator).append("    \"").append(entry.getKey()).append("\": ").append(entry.getValue());
            separator = ",\n";
        }
        return json.append("\n  },\n  \"total\": ").append(sum).append("\n}\n").toString();
    }
}
