package dev.checkpointstore.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Directory trees for tests and benchmarks: deleted whole, or emptied for a fresh start. */
public final class Directories {

    private Directories() {
    }

    /**
     * Deletes a directory tree; a missing one, or files vanishing meanwhile, are fine.
     * @param dir the directory
     * @throws UncheckedIOException when something cannot be deleted
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException ex) throws IOException {
                    if (ex != null && !(ex instanceof NoSuchFileException)) {
                        throw ex;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete directory tree " + dir, ex);
        }
    }

    /**
     * An empty directory: deletes the tree if there is one and creates the directory again.
     * @param dir the directory
     * @return {@code dir}
     * @throws UncheckedIOException when it cannot be deleted or created
     */
    public static Path fresh(Path dir) {
        deleteTree(dir);
        try {
            return Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create directory " + dir, ex);
        }
    }
}
