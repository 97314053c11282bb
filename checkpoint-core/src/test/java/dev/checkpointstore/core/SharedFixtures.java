package dev.checkpointstore.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared format fixtures ({@code ../shared/fixtures}), located through the system property
 * {@code checkpoint.shared.dir} that surefire sets.
 */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /**
     * The shared directory.
     *
     * @return the directory holding FORMAT.md and fixtures/
     */
    public static Path sharedDir() {
        String dir = System.getProperty("checkpoint.shared.dir");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("system property checkpoint.shared.dir is not set; run the tests with Maven");
        }
        Path path = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("fixtures"))) {
            throw new IllegalStateException("no fixtures/ in checkpoint.shared.dir " + path);
        }
        return path;
    }

    /**
     * The filesystem-layout trees, each a base directory holding {@code checkpoints/}.
     *
     * @return the trees, by name
     */
    public static List<Path> fileSystemTrees() {
        try (Stream<Path> trees = Files.list(sharedDir().resolve("fixtures").resolve("fs"))) {
            return trees.filter(Files::isDirectory).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Copies a tree, so tests can write into it; the fixtures themselves are read-only.
     *
     * @param tree the tree
     * @param target where to copy it, created
     * @return {@code target}
     * @throws IOException when copying fails
     */
    public static Path copy(Path tree, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path source : paths.toList()) {
                Path copy = target.resolve(tree.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                }
                else {
                    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                    copy.toFile().setWritable(true);
                }
            }
        }
        return target;
    }
}
