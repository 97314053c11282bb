package dev.checkpointstore.sample.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * How the end-to-end tests launch the packaged sample: the boot jar the build produced, extracted
 * with its own {@code -Djarmode=tools extract} (Spring Boot's recommended production layout) and
 * started with a class-data-sharing archive from one training run, which halves the startup of
 * the many restarts. Prepared once per test JVM.
 */
final class PackagedSample {

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static @Nullable PackagedSample prepared;

    private final List<String> command;

    private PackagedSample(List<String> command) {
        this.command = List.copyOf(command);
    }

    /**
     * The sample, prepared on first use.
     * @return the launcher
     */
    static synchronized PackagedSample get() throws IOException, InterruptedException {
        if (prepared == null) {
            prepared = prepare();
        }
        return prepared;
    }

    /**
     * The command that starts the sample, without application arguments.
     * @return java, its options and the jar
     */
    List<String> command() {
        return command;
    }

    private static PackagedSample prepare() throws IOException, InterruptedException {
        String property = System.getProperty("sample.jar");
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("system property sample.jar must name the packaged sample (failsafe sets it "
                    + "after the package phase), was " + property);
        }
        Path jar = Path.of(property).toAbsolutePath();
        Path dir = E2eDirs.fresh("app");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        run(dir, dir.resolve("extract.log"), List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", dir.resolve("extracted").toString()));
        Path app = dir.resolve("extracted").resolve(jar.getFileName());
        Path archive = dir.resolve("sample.jsa");
        List<String> training = new ArrayList<>(List.of(java));
        training.addAll(JVM_OPTIONS);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
                app.toString(), "--server.port=0", "--sample.events.total=1000", "--logging.level.root=WARN"));
        Path trainingDir = Files.createDirectories(dir.resolve("training"));
        run(trainingDir, dir.resolve("training.log"), training);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-jar", app.toString()));
        return new PackagedSample(command);
    }

    private static void run(Path workDir, Path log, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out: " + String.join(" ", command) + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit code " + process.exitValue() + ": " + String.join(" ", command)
                    + "; see " + log);
        }
    }
}
