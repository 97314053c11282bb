package dev.checkpointstore.sample.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged sample running as a separate JVM, its output in a log file. Every process started
 * here is killed when the test JVM exits, whatever happens to the test.
 */
final class SampleProcess {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final Path log;

    private SampleProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the packaged sample ({@link PackagedSample}).
     * @param workDir its working directory
     * @param log where its standard output and error go
     * @param args Spring Boot arguments
     * @return the running process
     */
    static SampleProcess start(Path workDir, Path log, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(PackagedSample.get().command());
        command.addAll(args);
        Files.createDirectories(workDir);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LIVE.add(process);
        return new SampleProcess(process, log);
    }

    /**
     * Waits for a log line.
     * @param pattern what to find
     * @param timeout how long to wait
     * @return the first match, or empty when the process exited without printing it
     * @throws IllegalStateException when the timeout passes first
     */
    Optional<Matcher> await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return Optional.of(matcher);
            }
            if (exited) {
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no line matching '" + pattern + "' within " + timeout + " in " + log);
            }
            Thread.sleep(20);
        }
    }

    /** Sends SIGKILL and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        LIVE.remove(process);
    }

    /**
     * Waits for the process to exit by itself.
     * @param timeout how long to wait before killing it and failing
     * @return its exit code
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException("the sample did not exit within " + timeout + "; see " + log);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** @return everything the process printed so far */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
