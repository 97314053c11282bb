package dev.checkpointstore.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The format fixtures in this module's test resources ({@code dev/checkpointstore/core/fixtures}):
 * the FORMAT.md example trees in both layouts, {@code fs/} and {@code obj/}.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * The fixtures directory.
     *
     * @return the directory holding {@code fs/} and {@code obj/}
     */
    public static Path dir() {
        return TestResources.directory(Fixtures.class, "fixtures");
    }

    /**
     * The filesystem-layout trees, each a base directory holding {@code checkpoints/}.
     *
     * @return the trees, by name
     */
    public static List<Path> fileSystemTrees() {
        try (Stream<Path> trees = Files.list(dir().resolve("fs"))) {
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
