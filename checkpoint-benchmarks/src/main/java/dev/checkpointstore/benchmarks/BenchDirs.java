package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Locale;

import dev.checkpointstore.test.Directories;

/**
 * Where benchmark state lives on disk: {@code bench-data} beside the benchmarks jar (that is
 * {@code checkpoint-benchmarks/target/bench-data}), or the directory the system property
 * {@value #DIR_PROPERTY} names. Never tmpfs: a durable write to memory measures nothing.
 */
public final class BenchDirs {

    /** System property naming the directory benchmark state lives in. */
    public static final String DIR_PROPERTY = "checkpoint.bench.dir";

    private BenchDirs() {
    }

    /**
     * The root of all benchmark state, created when missing.
     * @return the directory
     * @throws IllegalStateException when it is on tmpfs or ramfs
     */
    public static Path root() {
        String configured = System.getProperty(DIR_PROPERTY);
        Path root = configured != null ? Path.of(configured) : targetDir().resolve("bench-data");
        try {
            Files.createDirectories(root);
            String type = Files.getFileStore(root).type().toLowerCase(Locale.ROOT);
            if (type.equals("tmpfs") || type.equals("ramfs")) {
                throw new IllegalStateException("benchmark state directory " + root + " is on " + type
                        + ", where fsync costs nothing; point -D" + DIR_PROPERTY + " at a real disk");
            }
            return root.toAbsolutePath();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create benchmark state directory " + root, ex);
        }
    }

    /**
     * The module's {@code target} directory: the one holding the benchmarks jar, or holding
     * {@code classes} when run from an IDE or the tests.
     * @return the directory
     */
    public static Path targetDir() {
        Path fallback = Path.of("target").toAbsolutePath();
        CodeSource source = BenchDirs.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return fallback;
        }
        try {
            Path parent = Path.of(source.getLocation().toURI()).getParent();
            return parent != null ? parent : fallback;
        }
        catch (URISyntaxException | IllegalArgumentException ex) {
            return fallback;
        }
    }

    /**
     * A new, empty directory under {@link #root()}.
     * @param prefix a name for people
     * @return the directory
     */
    public static Path fresh(String prefix) {
        try {
            return Files.createTempDirectory(root(), prefix + "-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create a benchmark directory under " + root(), ex);
        }
    }

    /**
     * Deletes every {@code checkpoint_*} directory in a {@code checkpoints} directory, leaving
     * anything else (the pointer) alone: how a baseline cleans up between iterations.
     * @param checkpointsDir the directory
     */
    public static void deleteCheckpointDirs(Path checkpointsDir) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(checkpointsDir, "checkpoint_*")) {
            for (Path d : dirs) {
                Directories.deleteTree(d);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + checkpointsDir, ex);
        }
    }
}
