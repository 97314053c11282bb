package dev.checkpointstore.sample.e2e;

import java.nio.file.Path;

import dev.checkpointstore.test.Directories;

/** Working directories of the end-to-end runs, kept under {@code target/e2e} for their logs. */
final class E2eDirs {

    private E2eDirs() {
    }

    /**
     * An empty directory for one scenario.
     * @param name the scenario
     * @return {@code target/e2e/name}, emptied
     */
    static Path fresh(String name) {
        return Directories.fresh(Path.of(System.getProperty("sample.e2e.dir", "target/e2e")).resolve(name).toAbsolutePath());
    }
}
