package dev.checkpointstore.sample.pipeline;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The sample's final output: the count per key and the running total, nothing else, so equal
 * results are equal bytes. The layout, UTF-8 with a trailing newline, keys in ascending order and
 * only keys that were seen:
 *
 * <pre>
 * {
 *   "counts": {
 *     "k000000": 17,
 *     "k000001": 9
 *   },
 *   "total": 1690
 * }
 * </pre>
 */
public final class ResultFile {

    private ResultFile() {
    }

    /**
     * Writes the result atomically and durably.
     * @param file where
     * @param stream the stream, for the key names
     * @param counts the count per key id
     * @param total the running total
     */
    public static void write(Path file, EventStream stream, long[] counts, long total) {
        AtomicFiles.write(file, out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writer.write("{\n  \"counts\": {");
            boolean first = true;
            for (int id = 0; id < counts.length; id++) {
                if (counts[id] == 0) {
                    continue;
                }
                writer.write(first ? "\n    \"" : ",\n    \"");
                writer.write(stream.keyName(id));
                writer.write("\": ");
                writer.write(Long.toString(counts[id]));
                first = false;
            }
            writer.write(first ? "},\n" : "\n  },\n");
            writer.write("  \"total\": ");
            writer.write(Long.toString(total));
            writer.write("\n}\n");
            writer.flush();
        });
    }
}
