package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.checkpointstore.test.Directories;

/**
 * Counts the fsyncs of one save from outside the JVM: runs {@link FsyncProbe} under
 * {@code strace -f -y -e trace=fsync,fdatasync} once with 0 and once with {@code n} counted
 * operations, and divides the difference by {@code n}. {@code -y} names each descriptor's path,
 * which tells file syncs from directory syncs.
 */
public final class StraceFsyncCounter {

    private static final Pattern SYNC_CALL = Pattern.compile("\\b(fsync|fdatasync)\\((\\d+)<([^>]*)>\\)\\s*=\\s*0");
    private static final long TIMEOUT_MINUTES = 5;

    private final String classpath;
    private final Path workDir;

    /**
     * Creates a counter.
     * @param classpath the classpath holding {@link FsyncProbe} (the benchmarks jar)
     * @param workDir an empty directory on the disk under test
     */
    public StraceFsyncCounter(String classpath, Path workDir) {
        this.classpath = classpath;
        this.workDir = workDir;
    }

    /**
     * Syncs of one operation, split into files and directories.
     * @param files fsyncs or fdatasyncs of regular files per operation
     * @param directories fsyncs of directories per operation
     */
    public record SyncCount(double files, double directories) {

        /** @return all syncs per operation */
        public double total() {
            return files + directories;
        }
    }

    /**
     * Whether strace is installed and may trace this process's children.
     * @return true when {@code strace -f true} succeeds
     */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("strace", "-f", "-qq", "-o", "/dev/null", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The syncs per operation.
     * @param operation the operation
     * @param count how many operations to average over
     * @return the syncs per operation
     * @throws IOException when strace or the probe fails
     */
    public SyncCount count(FsyncProbe.Operation operation, int count) throws IOException {
        Counted base = trace(operation, 0);
        Counted counted = trace(operation, count);
        return new SyncCount((counted.files - base.files) / (double) count,
                (counted.directories - base.directories) / (double) count);
    }

    private record Counted(int files, int directories) {
    }

    private Counted trace(FsyncProbe.Operation operation, int count) throws IOException {
        Path dir = workDir.resolve(operation.cliName() + "-" + count);
        Directories.deleteTree(dir);
        Files.createDirectories(dir);
        Path log = workDir.resolve(operation.cliName() + "-" + count + ".strace");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of("strace", "-f", "-y", "-qq", "-e", "trace=fsync,fdatasync", "-o", log.toString(),
                java.toString(), "-Xmx512m", "-cp", classpath, FsyncProbe.class.getName(), operation.cliName(),
                Integer.toString(count), dir.toString());
        Path output = workDir.resolve(operation.cliName() + "-" + count + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("the fsync probe did not finish in " + TIMEOUT_MINUTES + " minutes: " + command);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while counting fsyncs", ex);
        }
        if (process.exitValue() != 0) {
            throw new IOException("the fsync probe failed (exit " + process.exitValue() + "): "
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Counted counted = classify(parse(lines));
        Directories.deleteTree(dir);
        return counted;
    }

    /**
     * The paths synced successfully, in the order of the trace.
     * @param straceLines lines of {@code strace -y} output
     * @return the path of each successful fsync or fdatasync
     */
    static List<Path> parse(List<String> straceLines) {
        List<Path> paths = new ArrayList<>();
        for (String line : straceLines) {
            Matcher m = SYNC_CALL.matcher(line);
            if (m.find()) {
                paths.add(Path.of(m.group(3)));
            }
        }
        return paths;
    }

    private static Counted classify(List<Path> synced) {
        int dirs = 0;
        for (Path path : synced) {
            if (Files.isDirectory(path)) {
                dirs++;
            }
        }
        return new Counted(synced.size() - dirs, dirs);
    }
}
