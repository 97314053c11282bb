package dev.checkpointstore.core.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkpointstore.core.fs.FileSystemCheckpointStore;
import dev.checkpointstore.core.fs.FileSystemLayout;

/**
 * The other direction: the Java store writes each of laminardb-oracle's scenarios, and writes
 * what LaminarDB reads. Every manifest is byte for byte LaminarDB's own pretty output with map
 * keys in byte order ({@code java-written/}, made once by {@code oracle canon} from the trees this
 * test writes), and every sidecar is byte for byte the one LaminarDB wrote for the scenario.
 *
 * <p>With {@code -Dgolden.java.out=DIR} the test only writes the trees into DIR, for
 * {@code regenerate.py} (see the golden README).
 */
class JavaWritesLaminarDbTest {

    private static final String OUT = "golden.java.out";

    static List<String> scenarios() {
        return LaminarDbScenarios.NAMES;
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void writesLaminarDbBytes(String scenario, @TempDir Path tmp) throws IOException {
        String out = System.getProperty(OUT);
        Path base = (out == null ? tmp : Path.of(out)).resolve(scenario);
        LaminarDbScenarios.write(FileSystemCheckpointStore.builder(base).build(), scenario);
        assumeTrue(out == null, "trees written to " + out + " for regenerate.py");

        Path expected = GoldenTree.root().resolve("java-written").resolve(scenario);
        Path laminarDb = GoldenTree.root().resolve(scenario).resolve(FileSystemLayout.CHECKPOINTS_DIR);
        List<Path> written = checkpointDirectories(base.resolve(FileSystemLayout.CHECKPOINTS_DIR));
        assertThat(written.stream().map(dir -> dir.getFileName().toString()))
                .containsExactlyElementsOf(checkpointDirectories(laminarDb).stream()
                        .map(dir -> dir.getFileName().toString()).toList());
        for (Path dir : written) {
            String name = dir.getFileName().toString();
            long id = FileSystemLayout.parseDirectoryName(name).orElseThrow();
            assertThat(dir.resolve(FileSystemLayout.MANIFEST_FILE)).as(scenario + " " + name + " manifest")
                    .hasSameBinaryContentAs(expected.resolve(Long.toUnsignedString(id) + ".json"));
            Path state = dir.resolve(FileSystemLayout.STATE_FILE);
            Path theirs = laminarDb.resolve(name).resolve(FileSystemLayout.STATE_FILE);
            assertThat(Files.exists(state)).as(scenario + " " + name + " has a sidecar").isEqualTo(Files.exists(theirs));
            if (Files.exists(state)) {
                assertThat(state).as(scenario + " " + name + " sidecar").hasSameBinaryContentAs(theirs);
            }
        }
    }

    private static List<Path> checkpointDirectories(Path checkpoints) throws IOException {
        try (Stream<Path> entries = Files.list(checkpoints)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }
}
