package dev.checkpointstore.core.golden;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkpointstore.core.fs.FileSystemCheckpointStore;
import dev.checkpointstore.test.FormatFixtures;

/**
 * Every tree LaminarDB wrote, and every damaged copy, read by {@link FileSystemCheckpointStore}:
 * the same ids, manifests, validation issues, chosen checkpoint and skip reasons as LaminarDB's own
 * code gave for the same bytes.
 */
class FileSystemGoldenTreesTest {

    static List<GoldenTree> trees() {
        return GoldenTree.all();
    }

    @ParameterizedTest
    @MethodSource("trees")
    void readsAsLaminarDbDoes(GoldenTree tree, @TempDir Path tmp) throws IOException {
        Path copy = FormatFixtures.copy(tree.baseDir(), tmp.resolve(tree.name()));
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(copy).build();
        GoldenReportAssert.assertAgrees(store, tree.expected());
    }
}
