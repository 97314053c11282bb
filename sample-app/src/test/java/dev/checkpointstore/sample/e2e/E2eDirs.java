package dev.checkpointstore.sample.e2e;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Working directories of the end-to-end runs, kept under {@code target/e2e} for their logs. */
final class E2eDirs {

    private E2eDirs() {
    }

    /**
     * An empty directory for one scenario.
     * @param name the scenario
     * @return {@code target/e2e/name}, emptied
     */
    static Path fresh(String name) throws IOException {
        Path dir = Path.of(System.getProperty("sample.e2e.dir", "target/e2e")).resolve(name).toAbsolutePath();
        if (Files.exists(dir)) {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException ex) throws IOException {
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return Files.createDirectories(dir);
    }
}
