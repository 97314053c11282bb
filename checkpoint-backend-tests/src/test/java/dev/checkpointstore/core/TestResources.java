package dev.checkpointstore.core;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Directories of this module's test resources, on disk.
 */
public final class TestResources {

    private TestResources() {
    }

    /**
     * A directory of test resources next to a class.
     *
     * @param anchor the class whose package holds the directory
     * @param name the directory's name, relative to the package
     * @return the directory
     * @throws IllegalStateException when it is missing or not on disk
     */
    public static Path directory(Class<?> anchor, String name) {
        URL url = anchor.getResource(name);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("test resource directory " + name + " of " + anchor.getPackageName()
                    + " is not on disk: " + url);
        }
        try {
            Path dir = Path.of(url.toURI());
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(dir + " is not a directory");
            }
            return dir;
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
