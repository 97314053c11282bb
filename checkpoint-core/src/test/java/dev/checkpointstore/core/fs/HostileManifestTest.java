package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.OperatorCheckpoint;

/**
 * A manifest built to exhaust the heap, just under the default 16 MiB limit, is skipped as
 * corrupt with a reason, and recovery falls back to the previous checkpoint, in a child JVM with a
 * 128 MiB heap: millions of tiny map entries, millions of list elements, nesting millions deep.
 */
class HostileManifestTest {

    private static final int LIMIT = ManifestCodec.DEFAULT_MAX_MANIFEST_BYTES;

    @TempDir
    Path tmp;

    @Test
    void recoveryFallsBackPastHostileManifestsIn128MibOfHeap() throws Exception {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(tmp).build();
        store.saveWithState(CheckpointManifest.builder().checkpointId(1).epoch(1).timestampMs(1).vnodeCount(256)
                .putOperatorState("op", OperatorCheckpoint.inline(new byte[] { 1, 2, 3 })).build(), null);
        FileSystemLayout layout = new FileSystemLayout(tmp);
        hostile(layout, 2, "\"source_watermarks\": {", i -> "\"w" + i + "\": 0", "}");
        hostile(layout, 3, "\"sink_names\": [", i -> "\"\"", "]");
        hostile(layout, 4, "\"future\": ", i -> "[", "");
        Files.writeString(layout.latest(), FileSystemLayout.directoryName(4));

        String output = ChildJvm.runToSuccess(ChildJvm.command(List.of("-Xmx128m"), RecoverInSmallHeap.class,
                tmp.toString()), tmp.resolve("child.out"), Duration.ofSeconds(120));

        assertThat(output).contains("chosen=1", "maxHeap=")
                .contains("skipped 4: corrupt manifest: ", "nesting depth", "skipped 3: corrupt manifest: more than 262144 map entries and list elements (at sink_names)")
                .contains("skipped 2: corrupt manifest: more than 262144 map entries and list elements (at source_watermarks)");
    }

    /** A manifest of checkpoint {@code id} whose one field repeats an element until the file is just under the limit. */
    private static void hostile(FileSystemLayout layout, long id, String open, java.util.function.IntFunction<String> element,
            String close) throws IOException {
        Files.createDirectories(layout.checkpointDir(id));
        String head = "{\"version\": 1, \"checkpoint_id\": " + id + ", \"epoch\": " + id + ", \"timestamp_ms\": 1, " + open;
        long budget = LIMIT - head.length() - close.length() - 16;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(layout.manifest(id)), 1 << 16)) {
            file.write(head.getBytes(StandardCharsets.UTF_8));
            long written = 0;
            String separator = close.isEmpty() ? "" : ", ";
            for (int i = 0; ; i++) {
                byte[] next = ((i == 0 ? "" : separator) + element.apply(i)).getBytes(StandardCharsets.UTF_8);
                if (written + next.length > budget) {
                    break;
                }
                file.write(next);
                written += next.length;
            }
            file.write((close + "}").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(layout.manifest(id))).isBetween(LIMIT - 64L, (long) LIMIT);
    }
}
