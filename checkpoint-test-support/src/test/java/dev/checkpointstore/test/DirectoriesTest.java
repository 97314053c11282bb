package dev.checkpointstore.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {

    @TempDir
    Path tmp;

    @Test
    void deleteTreeDeletesNestedFilesAndDirectories() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file"), "x");
        Files.writeString(tmp.resolve("tree/top"), "y");

        Directories.deleteTree(tmp.resolve("tree"));

        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void deleteTreeOfAMissingDirectoryDoesNothing() {
        Directories.deleteTree(tmp.resolve("missing"));

        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void freshEmptiesAnExistingDirectoryAndCreatesAMissingOne() throws IOException {
        Path used = Files.createDirectories(tmp.resolve("used/sub"));
        Files.writeString(used.resolve("file"), "x");

        assertThat(Directories.fresh(tmp.resolve("used"))).isEmptyDirectory();
        assertThat(Directories.fresh(tmp.resolve("new/dir"))).isEmptyDirectory();
    }
}
