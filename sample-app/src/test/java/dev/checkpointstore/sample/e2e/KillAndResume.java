package dev.checkpointstore.sample.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end scenario every backend and mode goes through: start the packaged sample, SIGKILL
 * it at a random moment after its pipeline started, restart it, again and again, then let the last
 * run finish. Checks that every restart resumed from a checkpoint no older than the last one logged
 * as saved, and returns the final {@code result.json}. One run may be killed inside a checkpoint
 * instead ({@link #killInsideASave}): its second save with a sidecar stalls between the sidecar
 * and the manifest, and the kill lands there; the next run must resume from the checkpoint before
 * and checkpoint under the id after the stalled one.
 */
final class KillAndResume {

    static final Pattern SAVED = Pattern.compile("checkpoint saved: id=(\\d+)");
    static final Pattern STARTED = Pattern.compile("restored checkpoint: id=(\\d+)|no checkpoint to restore");
    static final Pattern STALLED = Pattern.compile("stalled the save of checkpoint (\\d+) after its sidecar");
    static final Pattern COMPLETED = Pattern.compile("sample completed: events=(\\d+) checkpoints=(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration FINISH = Duration.ofSeconds(120);

    private final Path workDir;
    private final List<String> args;
    private final long total;
    private final List<String> history = new ArrayList<>();
    private int stallRun = -1;

    /**
     * @param workDir the sample's working directory; logs go to {@code logs/} in it
     * @param args the arguments every run gets, besides the common ones added here
     * @param total {@code sample.events.total}, also given in {@code args}
     */
    KillAndResume(Path workDir, List<String> args, long total) {
        this.workDir = workDir;
        this.args = new ArrayList<>(args);
        this.args.addAll(commonArgs(total));
        this.total = total;
    }

    /**
     * The arguments every run of the end-to-end tests gets: a free port, exit when done, the
     * stream's length and the log lines the tests read.
     * @param total {@code sample.events.total}
     * @return the arguments
     */
    static List<String> commonArgs(long total) {
        return List.of("--server.port=0", "--sample.exit-on-complete=true", "--sample.events.total=" + total,
                "--logging.level.root=WARN", "--logging.level.dev.checkpointstore=INFO");
    }

    /**
     * Kills one run inside a checkpoint save rather than at a random moment.
     * @param run which run, from 0; it must be one that is killed
     * @return this scenario
     */
    KillAndResume killInsideASave(int run) {
        this.stallRun = run;
        return this;
    }

    /**
     * Runs the scenario.
     * @param kills how many runs to SIGKILL
     * @param maxDelay the longest a run processes before it is killed
     * @param random chooses the moments
     * @return the text of the final result file
     */
    String run(int kills, Duration maxDelay, Random random) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        long lastSaved = 0;
        long stalled = 0;
        int savedOverall = 0;
        for (int run = 0; run <= kills; run++) {
            long launched = System.nanoTime();
            List<String> runArgs = new ArrayList<>(args);
            if (run == stallRun) {
                runArgs.add("--sample.test.stall-checkpoint-save=2");
            }
            SampleProcess process = SampleProcess.start(workDir, logs.resolve("run-" + run + ".log"), runArgs);
            Optional<Matcher> started = process.await(STARTED, STARTUP);
            long startupMs = (System.nanoTime() - launched) / 1_000_000;
            assertThat(started).as("run %d started its pipeline; history %s; log:%n%s", run, history,
                    process.output()).isPresent();
            long restored = started.get().group(1) == null ? 0 : Long.parseLong(started.get().group(1));
            assertThat(restored).as("run %d resumed from checkpoint %d, but %d was saved before; history %s", run,
                    restored, lastSaved, history).isGreaterThanOrEqualTo(lastSaved);
            if (stalled != 0) {
                assertThat(restored).as("run %d resumed from the checkpoint whose save was killed; history %s", run,
                        history).isLessThan(stalled);
                Optional<Matcher> next = process.await(SAVED, STARTUP);
                assertThat(next).as("run %d checkpointed again; log:%n%s", run, process.output()).isPresent();
                assertThat(Long.parseLong(next.get().group(1))).as("the first checkpoint after the killed save")
                        .isEqualTo(stalled + 1);
                stalled = 0;
            }
            if (run == stallRun) {
                Optional<Matcher> stall = process.await(STALLED, STARTUP);
                assertThat(stall).as("run %d stalled a save; log:%n%s", run, process.output()).isPresent();
                assertThat(process.isAlive()).as("run %d was alive inside its save; log:%n%s", run, process.output())
                        .isTrue();
                process.kill();
                stalled = Long.parseLong(stall.get().group(1));
                List<Long> saved = savedIds(process.output());
                savedOverall += saved.size();
                if (!saved.isEmpty()) {
                    lastSaved = saved.get(saved.size() - 1);
                }
                history.add("run " + run + ": started in " + startupMs + " ms, restored " + restored
                        + ", killed inside the save of checkpoint " + stalled + " having saved " + saved);
            }
            else if (run < kills) {
                long delay = random.nextLong(maxDelay.toMillis() + 1);
                Thread.sleep(delay);
                assertThat(process.isAlive()).as("run %d was still running when it was to be killed after %d ms; "
                        + "the job is too short for %d kills. Log:%n%s", run, delay, kills, process.output()).isTrue();
                process.kill();
                List<Long> saved = savedIds(process.output());
                savedOverall += saved.size();
                if (!saved.isEmpty()) {
                    lastSaved = saved.get(saved.size() - 1);
                }
                history.add("run " + run + ": started in " + startupMs + " ms, restored " + restored + ", killed after "
                        + delay + " ms having saved " + saved);
            }
            else {
                int exit = process.awaitExit(FINISH);
                String output = process.output();
                assertThat(exit).as("exit code of the last run; log:%n%s", output).isZero();
                List<Long> saved = savedIds(output);
                Matcher completed = COMPLETED.matcher(output);
                assertThat(completed.find()).as("the last run logged its completion; log:%n%s", output).isTrue();
                assertThat(Long.parseLong(completed.group(1))).isEqualTo(total);
                assertThat(Integer.parseInt(completed.group(2))).isEqualTo(saved.size());
                history.add("run " + run + ": started in " + startupMs + " ms, restored " + restored + ", completed in "
                        + (System.nanoTime() - launched) / 1_000_000 + " ms having saved " + saved);
            }
        }
        assertThat(savedOverall).as("checkpoints saved by the killed runs; history %s", history).isPositive();
        return Files.readString(workDir.resolve("sample-output/result.json"));
    }

    /** @return what each run did, for messages and reports */
    List<String> history() {
        return history;
    }

    static List<Long> savedIds(String output) {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = SAVED.matcher(output);
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return ids;
    }
}
