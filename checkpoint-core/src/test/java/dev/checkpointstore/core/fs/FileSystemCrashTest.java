package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.SkippedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL at random moments while it saves checkpoints with sidecars, and
 * checks after each kill that recovery finds a valid checkpoint no older than the last one the
 * child reported saved, that the latest pointer names a readable manifest, and that every
 * checkpoint a reader can see is complete (no partial manifest, no manifest before its sidecar).
 */
class FileSystemCrashTest {

    private static final int KILLS = 24;

    @TempDir
    Path tmp;

    @Test
    void recoveryAfterEverySigkillFindsTheLastReportedCheckpointOrNewer() throws Exception {
        Path base = tmp.resolve("base");
        Path stderr = tmp.resolve("child.err");
        Random random = new Random();
        long seed = random.nextLong();
        long lastReported = 0;
        int killedMidRun = 0;
        int leftHalfDone = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), CrashingSaver.class,
                    base.toString(), Long.toString(seed + kill)))
                    .redirectError(stderr.toFile())
                    .start();
            AtomicLong reported = new AtomicLong();
            CountDownLatch firstSave = new CountDownLatch(1);
            Thread reader = new Thread(() -> readSaves(child, reported, firstSave));
            reader.start();
            try {
                assertThat(firstSave.await(60, TimeUnit.SECONDS))
                        .as("child saved within 60 s (seed %d); stderr: %s", seed, Files.exists(stderr)
                                ? Files.readString(stderr) : "")
                        .isTrue();
                Thread.sleep(random.nextInt(150));
            }
            finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                reader.join(30_000);
            }
            if (child.exitValue() == 137) {
                killedMidRun++;
            }
            assertThat(reported.get()).as("ids only grow").isGreaterThanOrEqualTo(lastReported);
            lastReported = reported.get();
            if (halfDoneWriteOnDisk(base)) {
                leftHalfDone++;
            }

            assertRecoverable(base, lastReported, seed);
        }
        System.out.printf("FileSystemCrashTest: %d SIGKILLs, %d left a write half done, last saved id %d%n", KILLS,
                leftHalfDone, lastReported);
        assertThat(killedMidRun).as("children killed by SIGKILL").isEqualTo(KILLS);
        assertThat(lastReported).as("saves across all runs").isGreaterThan(KILLS);
    }

    private static void assertRecoverable(Path base, long lastReported, long seed) {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(base).build();
        RecoveryReport report = store.recoverLatestValidated();

        assertThat(report.chosenId()).as("recovery after the child reported %d (seed %d)", lastReported, seed)
                .isPresent();
        assertThat(report.chosenId().getAsLong()).isGreaterThanOrEqualTo(lastReported);
        long chosen = report.chosenId().getAsLong();
        for (SkippedCheckpoint skipped : report.skipped()) {
            assertThat(skipped).as("only a save cut short before its manifest is skipped, never a damaged one")
                    .isEqualTo(new SkippedCheckpoint(skipped.id(), "manifest not found for checkpoint " + skipped.id()));
            assertThat(skipped.id()).isGreaterThan(chosen);
        }
        for (long id : store.listIds()) {
            if (store.loadById(id).isPresent()) {
                assertThat(store.validateCheckpoint(id).valid()).as("checkpoint %d", id).isTrue();
            }
        }
        CheckpointManifest latest = store.loadLatest().orElseThrow();
        assertThat(latest.checkpointId()).isGreaterThanOrEqualTo(lastReported);
        assertThat(store.loadOperatorState(latest.checkpointId(), "inline"))
                .hasValue(new byte[] {(byte) latest.checkpointId()});
    }

    /** Whether a temp file or a checkpoint directory without a manifest shows a write cut short. */
    private static boolean halfDoneWriteOnDisk(Path base) throws IOException {
        try (Stream<Path> paths = Files.walk(base.resolve(FileSystemLayout.CHECKPOINTS_DIR))) {
            return paths.anyMatch(p -> p.getFileName().toString().endsWith(FileSystemLayout.TMP_SUFFIX)
                    || (Files.isDirectory(p) && FileSystemLayout.parseDirectoryName(p.getFileName().toString()).isPresent()
                            && !Files.exists(p.resolve(FileSystemLayout.MANIFEST_FILE))));
        }
    }

    private static void readSaves(Process child, AtomicLong reported, CountDownLatch firstSave) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("saved ")) {
                    reported.set(Long.parseLong(line.substring("saved ".length())));
                    firstSave.countDown();
                }
            }
        }
        catch (IOException ex) {
            // the child died mid-line: what it reported before stays
        }
    }
}
