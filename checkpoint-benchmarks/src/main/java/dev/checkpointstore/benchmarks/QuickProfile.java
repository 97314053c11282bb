package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.s3.S3MockServer;

/**
 * The quick profile: every benchmark of the issue on a chosen subset of its parameters, one fork
 * each and few iterations (a few minutes on 2 cores), with {@code -prof gc}; then the fsyncs per
 * save counted under strace. Writes {@code target/jmh-result.json} (JMH's JSON) and
 * {@code target/benchmark-summary.md} (the ratios against the targets) and prints the summary.
 *
 * <p>Run from the repository root after building the module:
 * {@code java -cp checkpoint-benchmarks/target/benchmarks.jar dev.checkpointstore.benchmarks.QuickProfile}.
 * Arguments: {@code --only group,group} runs some groups ({@code save, saveWithState, recovery,
 * validated, retained, s3, fsync}); {@code --keep-data} leaves the benchmark state on disk.
 */
public final class QuickProfile {

    private static final String PACKAGE = QuickProfile.class.getPackageName() + ".";

    private QuickProfile() {
    }

    /**
     * One JMH run of the profile.
     * @param name the group's name for {@code --only}
     * @param include the benchmark regex
     * @param params JMH parameters for this group
     * @param warmup warmup iterations and their seconds
     * @param measurement measurement iterations and their seconds
     * @param jvmArgs extra arguments for the forked JVMs
     */
    record Group(String name, String include, Map<String, String[]> params, int[] warmup, int[] measurement,
            List<String> jvmArgs) {
    }

    /**
     * The groups of the quick profile.
     * @return the groups, in the order of the issue
     */
    static List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("save", methods("SaveBenchmark", "store_save", "baseline_handDonePublish"),
                Map.of("shape", new String[] {"2x2", "10x10", "50x20"}), new int[] {2, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("save", methods("SaveBenchmark", "harness_buildManifest"),
                Map.of("shape", new String[] {"2x2", "10x10", "50x20"}), new int[] {1, 1}, new int[] {2, 1}, List.of()));
        groups.add(new Group("saveWithState",
                methods("SaveWithStateBenchmark", "store_saveWithState", "baseline_gatherWriteAndForce"),
                Map.of("size", new String[] {"1MiB", "10MiB", "100MiB"}), new int[] {1, 2}, new int[] {3, 2}, List.of()));
        groups.add(new Group("recovery",
                methods("RecoveryBenchmark", "store_loadLatestAndState", "baseline_readFiles", "baseline_readSha256"),
                Map.of("size", new String[] {"1KiB", "100MiB"}), new int[] {2, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("validated",
                methods("ValidatedRecoveryBenchmark", "store_recoverLatestValidated", "baseline_readSha256"),
                Map.of("size", new String[] {"100MiB", "1GiB"}), new int[] {1, 2}, new int[] {3, 2}, List.of("-Xmx128m")));
        groups.add(new Group("retained",
                methods("RetainedRecoveryBenchmark", "store_recoverLatestValidated", "store_listIds"),
                Map.of("retained", new String[] {"1", "1000"}), new int[] {2, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("s3", methods("S3Benchmark", "store_save", "baseline_save", "store_saveWithState",
                "baseline_saveWithState", "store_loadLatest", "baseline_loadLatest", "store_recoverLatestValidated",
                "baseline_recoverLatestValidated"), Map.of(), new int[] {1, 1}, new int[] {2, 1}, List.of()));
        return groups;
    }

    /**
     * Runs the quick profile.
     * @param args {@code --only group,...}, {@code --keep-data}
     * @throws Exception when a benchmark or the fsync count fails
     */
    public static void main(String[] args) throws Exception {
        Set<String> only = Set.of();
        boolean keepData = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--keep-data" -> keepData = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --only group,group or --keep-data");
            }
        }
        Path target = BenchDirs.targetDir();
        Path data = BenchDirs.root();
        BenchDirs.deleteTree(data);
        data = BenchDirs.root();
        MachineInfo before = MachineInfo.read(data);
        long start = System.nanoTime();

        List<RunResult> runs = new ArrayList<>();
        List<String> s3Args = List.of();
        @Nullable S3MockServer s3 = null;
        if (only.isEmpty() || only.contains("s3")) {
            if (System.getProperty("s3mock.jar") == null) {
                System.setProperty("s3mock.jar", target.resolve("s3mock/s3mock-exec.jar").toString());
            }
            s3 = S3MockServer.start();
            s3Args = List.of("-D" + S3Benchmark.ENDPOINT_PROPERTY + "=" + s3.endpoint());
        }
        try {
            for (Group group : groups()) {
                if (only.isEmpty() || only.contains(group.name())) {
                    runs.addAll(run(group, data, group.name().equals("s3") ? s3Args : List.of()));
                }
            }
        }
        finally {
            if (s3 != null) {
                s3.close();
            }
        }
        Map<String, StraceFsyncCounter.SyncCount> syncs = new LinkedHashMap<>();
        String fsyncNote = countFsyncs(only, data, syncs);

        Path json = target.resolve("jmh-result.json");
        try (PrintStream out = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(runs);
        }
        List<Measured> measured = runs.stream().map(QuickProfile::measured).toList();
        Summary summary = new Summary(measured, syncs);
        String report = report(before, MachineInfo.currentLoadAverage(), (System.nanoTime() - start) / 1e9, summary, fsyncNote);
        Path summaryFile = target.resolve("benchmark-summary.md");
        Files.writeString(summaryFile, report, StandardCharsets.UTF_8);
        if (!keepData) {
            BenchDirs.deleteTree(data);
        }
        System.out.println();
        System.out.println(report);
        System.out.println("JMH results: " + json);
        System.out.println("Summary: " + summaryFile);
    }

    private static Collection<RunResult> run(Group group, Path data, List<String> extraJvmArgs)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(group.include())
                .forks(1)
                .warmupIterations(group.warmup()[0])
                .warmupTime(TimeValue.seconds(group.warmup()[1]))
                .measurementIterations(group.measurement()[0])
                .measurementTime(TimeValue.seconds(group.measurement()[1]))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        List<String> jvmArgs = new ArrayList<>(group.jvmArgs());
        jvmArgs.addAll(extraJvmArgs);
        jvmArgs.add("-D" + BenchDirs.DIR_PROPERTY + "=" + data);
        options.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        group.params().forEach(options::param);
        return new Runner(options.build()).run();
    }

    private static String countFsyncs(Set<String> only, Path data, Map<String, StraceFsyncCounter.SyncCount> syncs)
            throws IOException {
        if (!only.isEmpty() && !only.contains("fsync")) {
            return "not counted in this run";
        }
        if (!StraceFsyncCounter.available()) {
            return "not counted: strace is not installed or may not trace here (apt-get install strace)";
        }
        Path work = Files.createDirectories(data.resolve("fsync-probe"));
        StraceFsyncCounter counter = new StraceFsyncCounter(System.getProperty("java.class.path"), work);
        for (FsyncProbe.Operation op : FsyncProbe.Operation.values()) {
            syncs.put(op.cliName(), counter.count(op, 20));
        }
        return "counted with strace -f -y -e trace=fsync,fdatasync over 20 operations (FsyncProbe, shape "
                + FsyncProbe.SHAPE + ", 1 MiB sidecar in 8 chunks)";
    }

    static Measured measured(RunResult run) {
        String benchmark = run.getParams().getBenchmark();
        if (benchmark.startsWith(PACKAGE)) {
            benchmark = benchmark.substring(PACKAGE.length());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : run.getParams().getParamsKeys()) {
            params.put(key, run.getParams().getParam(key));
        }
        Result<?> primary = run.getPrimaryResult();
        Map<String, Double> counters = new LinkedHashMap<>();
        OptionalDouble alloc = OptionalDouble.empty();
        for (Map.Entry<String, Result> entry : run.getSecondaryResults().entrySet()) {
            if (entry.getKey().equals("gc.alloc.rate.norm")) {
                alloc = OptionalDouble.of(entry.getValue().getScore());
            }
            else if (!entry.getKey().startsWith("gc.")) {
                counters.put(entry.getKey(), entry.getValue().getScore());
            }
        }
        return new Measured(benchmark, params, primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                alloc, counters);
    }

    private static String report(MachineInfo machine, String loadAfter, double seconds, Summary summary,
            String fsyncNote) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Quick profile, ").append(machine.date()).append("\n\n");
        sb.append("- Machine: ").append(machine.processors()).append(" CPUs (").append(machine.cpuModel())
                .append("), ").append(machine.kernel()).append("\n");
        sb.append("- Disk: benchmark state on ").append(machine.fileSystem()).append("\n");
        sb.append("- JDK: ").append(machine.jdk()).append("\n");
        sb.append("- Load average (1m 5m 15m): ").append(machine.loadAverage()).append(" before, ").append(loadAfter)
                .append(" after\n");
        sb.append(String.format(java.util.Locale.ROOT, "- Duration: %.0f s%n", seconds));
        sb.append("- fsyncs: ").append(fsyncNote).append("\n\n");
        sb.append(summary.toMarkdown());
        return sb.toString();
    }

    private static String methods(String benchmarkClass, String... methods) {
        return "^" + PACKAGE.replace(".", "\\.") + benchmarkClass + "\\.(" + String.join("|", methods) + ")$";
    }
}
