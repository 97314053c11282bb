package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

import dev.checkpointstore.test.Directories;
import dev.checkpointstore.test.s3.S3MockServer;

/**
 * The quick profile: every benchmark of the issue on a chosen subset of its parameters, one fork
 * each and few iterations (a few minutes on 2 cores), with {@code -prof gc}; then the fsyncs per
 * save counted under strace. Writes {@code target/jmh-result.json} (JMH's JSON) and
 * {@code target/benchmark-summary.md} (the ratios against the targets) and prints the summary.
 *
 * <p>Run from the repository root after building the module:
 * {@code java -cp checkpoint-benchmarks/target/benchmarks.jar dev.checkpointstore.benchmarks.QuickProfile}.
 * Arguments: {@code --only group,group} runs some groups ({@code save, saveWithState, recovery,
 * validated, retained, coordinator, s3, fsync}); {@code --keep-data} leaves the benchmark state on disk.
 */
public final class QuickProfile {

    private static final String PACKAGE = QuickProfile.class.getPackageName() + ".";

    private QuickProfile() {
    }

    /**
     * One benchmark class of the profile, on a subset of one parameter's values.
     * @param name the group's name for {@code --only}
     * @param benchmark the benchmark class's simple name
     * @param methods the benchmark methods, store and baseline
     * @param paramKey the parameter varied, or empty for none
     * @param paramValues its values in the quick profile
     * @param warmup warmup iterations and their seconds
     * @param measurement measurement iterations and their seconds
     * @param jvmArgs extra arguments for the forked JVMs
     */
    record Group(String name, String benchmark, List<String> methods, String paramKey, List<String> paramValues,
            int[] warmup, int[] measurement, List<String> jvmArgs) {

        /**
         * The forks to run: for each parameter value every method, the order of the methods
         * reversed from one value to the next, so that a store and its baseline run side by side
         * and neither is always the later one on a machine whose load drifts.
         * @return method and parameter value (empty when none) per fork
         */
        List<String[]> forks() {
            List<String[]> forks = new ArrayList<>();
            List<String> values = paramValues.isEmpty() ? List.of("") : paramValues;
            for (int i = 0; i < values.size(); i++) {
                List<String> order = new ArrayList<>(methods);
                if (i % 2 == 1) {
                    Collections.reverse(order);
                }
                for (String method : order) {
                    forks.add(new String[] {method, values.get(i)});
                }
            }
            return forks;
        }

        /**
         * The JMH include pattern of one method.
         * @param method the method
         * @return an anchored regex
         */
        String include(String method) {
            return "^" + PACKAGE.replace(".", "\\.") + benchmark + "\\." + method + "$";
        }
    }

    /**
     * The groups of the quick profile.
     * @return the groups, in the order of the issue
     */
    static List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        List<String> shapes = List.of("2x2", "10x10", "50x20");
        groups.add(new Group("save", "SaveBenchmark", List.of("baseline_handDonePublish", "store_save"), "shape",
                shapes, new int[] {1, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("save", "SaveBenchmark", List.of("baseline_handDonePublishStrict"), "shape",
                List.of("10x10"), new int[] {1, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("save", "SaveBenchmark", List.of("harness_buildManifest"), "shape", shapes,
                new int[] {1, 1}, new int[] {1, 1}, List.of()));
        groups.add(new Group("saveWithState", "SaveWithStateBenchmark",
                List.of("baseline_gatherWriteAndForce", "baseline_handDonePublishWithState",
                        "baseline_handDonePublishWithHashedState", "store_saveWithState"),
                "size", List.of("1MiB"), new int[] {1, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("saveWithState", "SaveWithStateBenchmark",
                List.of("store_saveWithState", "baseline_gatherWriteAndForce"), "size",
                List.of("10MiB", "100MiB"), new int[] {1, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("recovery", "RecoveryBenchmark",
                List.of("baseline_readSha256", "baseline_readFiles", "store_loadLatestAndState"), "size",
                List.of("1KiB", "100MiB"), new int[] {1, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("validated", "ValidatedRecoveryBenchmark",
                List.of("baseline_readSha256", "store_recoverLatestValidated"), "size", List.of("100MiB", "1GiB"),
                new int[] {1, 1}, new int[] {2, 2}, List.of("-Xmx128m")));
        groups.add(new Group("retained", "RetainedRecoveryBenchmark",
                List.of("store_listIds", "store_recoverLatestValidated"), "retained", List.of("1", "1000"),
                new int[] {1, 1}, new int[] {3, 1}, List.of()));
        groups.add(new Group("coordinator", "CoordinatorStallBenchmark",
                List.of("baseline_saveWithState", "coordinator_checkpoint"), "size", List.of("1MiB", "10MiB"),
                new int[] {1, 1}, new int[] {3, 1}, CoordinatorStallBenchmark.JVM_ARGS));
        groups.add(new Group("s3", "S3Benchmark", List.of("baseline_save", "store_save", "store_saveWithState",
                "baseline_saveWithState", "baseline_loadLatest", "store_loadLatest", "store_recoverLatestValidated",
                "baseline_recoverLatestValidated", "store_recoverPastCorrupt"), "", List.of(), new int[] {1, 1}, new int[] {2, 1}, List.of()));
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
        Directories.deleteTree(data);
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
                    for (String[] fork : group.forks()) {
                        runs.addAll(run(group, fork[0], fork[1], data, group.name().equals("s3") ? s3Args : List.of()));
                    }
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
            Directories.deleteTree(data);
        }
        System.out.println();
        System.out.println(report);
        System.out.println("JMH results: " + json);
        System.out.println("Summary: " + summaryFile);
    }

    private static Collection<RunResult> run(Group group, String method, String paramValue, Path data,
            List<String> extraJvmArgs) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(group.include(method))
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
        if (!group.paramKey().isEmpty()) {
            options.param(group.paramKey(), paramValue);
        }
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
        for (String name : run.getSecondaryResults().keySet()) {
            double score = run.getSecondaryResults().get(name).getScore();
            if (name.equals("gc.alloc.rate.norm")) {
                alloc = OptionalDouble.of(score);
            }
            else if (!name.startsWith("gc.")) {
                counters.put(name, score);
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
}
