package dev.checkpointstore.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The format fixtures: FORMAT.md's example trees in both layouts, {@code fs/} (each tree a base
 * directory holding {@code checkpoints/}) and {@code obj/} (each tree the objects of a bucket, a
 * prefix holding {@code manifests/}). They are read-only: {@link #copy} a tree before writing into
 * it.
 */
public final class FormatFixtures {

    private static final String ROOT = "dev/checkpointstore/test/fixtures";

    private static @Nullable Path dir;

    private FormatFixtures() {
    }

    /**
     * The fixtures directory, on disk: where the class path has it, or, when the kit is a jar, a
     * copy made once per JVM in a temporary directory (deleted when the JVM exits).
     *
     * @return the directory holding {@code fs/} and {@code obj/}
     * @throws IllegalStateException when the fixtures are not on the class path
     */
    public static synchronized Path dir() {
        if (dir == null) {
            dir = locate();
        }
        return dir;
    }

    /**
     * The filesystem-layout trees.
     *
     * @return the trees, sorted by name
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
     * Copies a tree (a fixture or any other directory) and makes the copies writable.
     *
     * @param tree the tree
     * @param target where to copy it, created
     * @return {@code target}
     * @throws UncheckedIOException when copying fails
     */
    public static Path copy(Path tree, Path target) {
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
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot copy " + tree + " to " + target, ex);
        }
    }

    private static Path locate() {
        URL url = FormatFixtures.class.getClassLoader().getResource(ROOT);
        if (url == null) {
            throw new IllegalStateException(ROOT + " is not on the class path");
        }
        try {
            URI uri = url.toURI();
            if ("file".equals(uri.getScheme())) {
                return Path.of(uri);
            }
            Path extracted = Files.createTempDirectory("checkpoint-format-fixtures");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Directories.deleteTree(extracted), "fixtures-cleanup"));
            return copy(jarFileSystem(uri).getPath(ROOT), extracted);
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("cannot read the fixtures at " + url, ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot extract the fixtures from " + url, ex);
        }
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        }
        catch (FileSystemAlreadyExistsException ex) {
            return FileSystems.getFileSystem(uri);
        }
    }
}
