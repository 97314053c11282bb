package dev.checkpointstore.core.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkpointstore.core.CheckpointIds;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

/**
 * Every golden tree the object layout can hold, put byte for byte into an
 * {@link InMemoryCheckpointStore}: it answers as LaminarDB did.
 */
class InMemoryGoldenTreesTest {

    static List<GoldenTree> trees() {
        return GoldenTree.objectLayoutTrees();
    }

    @ParameterizedTest
    @MethodSource("trees")
    void readsAsLaminarDbDoes(GoldenTree tree) throws IOException {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();
        GoldenTree.ObjectTree objects = tree.objectLayout().orElseThrow();
        for (Map.Entry<String, Path> object : objects.files().entrySet()) {
            String key = object.getKey();
            byte[] bytes = Files.readAllBytes(object.getValue());
            long id = CheckpointIds.parse(key.replaceAll("\\D", "")).orElseThrow();
            if (key.startsWith("manifests/")) {
                store.putRawManifest(id, bytes);
            }
            else {
                store.putRawState(id, bytes, Instant.EPOCH);
            }
        }
        OptionalLong latest = objects.latest();
        latest.ifPresent(store::putRawLatest);
        GoldenReportAssert.assertAgrees(store, tree.expected());
    }
}
