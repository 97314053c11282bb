package dev.checkpointstore.core.fs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A directory in which no entry can be created or removed until it is closed: a real deletion
 * failure. Without write permission for an ordinary user; as root, whom permissions do not bind,
 * with the immutable attribute ({@code chattr +i}). A test is skipped where neither works.
 */
final class FrozenDirectory implements AutoCloseable {

    private final Path dir;
    private final Set<PosixFilePermission> permissions;
    private final boolean immutable;

    private FrozenDirectory(Path dir, Set<PosixFilePermission> permissions, boolean immutable) {
        this.dir = dir;
        this.permissions = permissions;
        this.immutable = immutable;
    }

    /**
     * Freezes a directory.
     *
     * @param dir the directory
     * @return the frozen directory; close it to thaw
     * @throws IOException when its permissions cannot be read or set
     */
    static FrozenDirectory freeze(Path dir) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!acceptsEntries(dir)) {
            return new FrozenDirectory(dir, permissions, false);
        }
        boolean immutable = chattr("+i", dir);
        if (!immutable || acceptsEntries(dir)) {
            if (immutable) {
                chattr("-i", dir);
            }
            Files.setPosixFilePermissions(dir, permissions);
            Assumptions.abort("cannot make " + dir + " refuse deletions here (root without chattr +i)");
        }
        return new FrozenDirectory(dir, permissions, true);
    }

    @Override
    public void close() throws IOException {
        if (immutable && !chattr("-i", dir)) {
            throw new IOException("cannot thaw " + dir + " with chattr -i");
        }
        Files.setPosixFilePermissions(dir, permissions);
    }

    private static boolean acceptsEntries(Path dir) throws IOException {
        Path probe = dir.resolve(".frozen-probe");
        try {
            Files.createFile(probe);
        }
        catch (FileSystemException ex) {
            return false;
        }
        Files.delete(probe);
        return true;
    }

    private static boolean chattr(String flag, Path dir) {
        try {
            Process process = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
