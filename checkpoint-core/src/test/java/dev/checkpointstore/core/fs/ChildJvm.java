package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.checkpointstore.core.CheckpointStore;
import org.slf4j.LoggerFactory;
import tools.jackson.core.json.JsonFactory;

/**
 * Command lines for child JVMs that run test mains on the smallest classpath that holds the
 * library: its classes, the test classes and its runtime dependencies. The child starts with
 * flags that make it start fast.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * A command line running a main class, with C1 only: quick to start, slow at long computations.
     *
     * @param jvmOptions extra JVM options, e.g. {@code -Xmx128m}
     * @param mainClass the class with the main method, from the test classes
     * @param args its arguments
     * @return the command
     */
    static List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        options.addAll(jvmOptions);
        return commandWithFullJit(options, mainClass, args);
    }

    /**
     * A command line running a main class with both JIT compilers, for children that hash or copy
     * a lot (C1 alone does not use the SHA-256 intrinsics).
     *
     * @param jvmOptions extra JVM options, e.g. {@code -Xmx128m}
     * @param mainClass the class with the main method, from the test classes
     * @param args its arguments
     * @return the command
     */
    static List<String> commandWithFullJit(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:-UsePerfData");
        command.add("-Xshare:auto");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath(mainClass));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static String classpath(Class<?> mainClass) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(mainClass, CheckpointStore.class, JsonFactory.class, LoggerFactory.class)) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            }
            catch (URISyntaxException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Runs a child to its end and asserts that it finished in time and exited with 0, showing its
     * output when it did not.
     *
     * @param command the command line
     * @param out where the child's output (stdout and stderr) goes
     * @param timeout how long the child may take; it is killed after that
     * @return the child's output
     * @throws Exception when the child cannot be started or waited for
     */
    static String runToSuccess(List<String> command, Path out, Duration timeout) throws Exception {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(exited).as("child finished; output: %s", output).isTrue();
        assertThat(child.exitValue()).as("child exit; output: %s", output).isZero();
        return output;
    }
}
