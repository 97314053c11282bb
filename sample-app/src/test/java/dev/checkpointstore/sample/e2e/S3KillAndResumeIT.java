package dev.checkpointstore.sample.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.checkpointstore.sample.ExpectedResult;
import dev.checkpointstore.test.s3.FaultyProxy;
import dev.checkpointstore.test.s3.S3Bucket;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample with the {@code s3} profile, against an S3Mock process, survives repeated
 * SIGKILLs with an exactly-once result, and a SIGKILL between a checkpoint's sidecar and its
 * manifest does not keep it from checkpointing again at once.
 */
@ExtendWith(S3MockExtension.class)
class S3KillAndResumeIT {

    private static final long TOTAL = 300_000;
    private static final int KEYS = 25_000;
    private static final String PREFIX = "e2e/";

    private static List<String> s3Args(URI endpoint, String bucket) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=s3"));
        S3MockServer.springCloudAwsProperties(endpoint).forEach(property -> args.add("--" + property));
        args.addAll(List.of("--checkpoint.s3.bucket=" + bucket, "--checkpoint.s3.prefix=" + PREFIX,
                "--sample.events.keys=" + KEYS, "--sample.events.rate=50000",
                "--checkpoint.coordinator.interval=200ms"));
        return args;
    }

    @Test
    void resultAfterFiveKillsEqualsTheUninterruptedResult(S3Bucket bucket) throws Exception {
        Path workDir = E2eDirs.fresh("s3");
        long seed = System.nanoTime();
        KillAndResume scenario = new KillAndResume(workDir, s3Args(bucket.server().endpoint(), bucket.name()), TOTAL);

        String result = scenario.run(5, Duration.ofMillis(800), new Random(seed));

        System.out.println("s3 kill-and-resume (seed " + seed + "):\n  " + String.join("\n  ", scenario.history()));
        assertThat(result).as("result after %s (seed %d)", scenario.history(), seed)
                .isEqualTo(ExpectedResult.of(TOTAL, KEYS));
        assertThat(bucket.keys(PREFIX)).contains("e2e/manifests/latest.json")
                .anyMatch(key -> key.startsWith("e2e/checkpoints/state-"));
        assertThat(workDir.resolve("checkpoint-data")).doesNotExist();
    }

    @Test
    void restartsAndCheckpointsAtOnceAfterAKillBetweenSidecarAndManifest(S3Bucket bucket) throws Exception {
        Path workDir = E2eDirs.fresh("s3-sidecar-without-manifest");
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        ManifestHold hold = new ManifestHold();
        try (FaultyProxy proxy = new FaultyProxy(bucket.server().endpoint())) {
            proxy.policy(hold);
            List<String> args = new ArrayList<>(s3Args(proxy.endpoint(), bucket.name()));
            args.addAll(KillAndResume.commonArgs(TOTAL));
            // sidecars early on; killed at the second checkpoint with one, so that the restart's first
            // checkpoint (its state at least that of the first) has a sidecar too
            args.add("--checkpoint.coordinator.inline-threshold=1KB");

            hold.arm(2);
            SampleProcess killed = SampleProcess.start(workDir, logs.resolve("run-0.log"), args);
            long held = hold.awaitHeld(Duration.ofSeconds(120));
            killed.kill();
            hold.disarm();
            String state = String.format("%scheckpoints/state-%06d.bin", PREFIX, held);
            String manifest = String.format("%smanifests/manifest-%06d.json", PREFIX, held);
            assertThat(bucket.keys(PREFIX)).as("killed between sidecar and manifest of checkpoint %d; log:%n%s", held,
                    killed.output()).contains(state).doesNotContain(manifest);

            SampleProcess restarted = SampleProcess.start(workDir, logs.resolve("run-1.log"), args);
            int exit = restarted.awaitExit(Duration.ofSeconds(180));
            String output = restarted.output();

            assertThat(exit).as("exit code of the restarted sample; log:%n%s", output).isZero();
            Matcher restored = KillAndResume.STARTED.matcher(output);
            assertThat(restored.find()).isTrue();
            long restoredId = restored.group(1) == null ? 0 : Long.parseLong(restored.group(1));
            assertThat(restoredId).as("the checkpoint the restart resumed from").isLessThan(held);
            List<Long> saved = KillAndResume.savedIds(output);
            assertThat(saved).as("checkpoints of the restarted sample; log:%n%s", output).isNotEmpty();
            assertThat(saved.get(0)).isEqualTo(held + 1);
            assertThat(Files.readString(workDir.resolve("sample-output/result.json")))
                    .isEqualTo(ExpectedResult.of(TOTAL, KEYS));
            assertThat(bucket.keys(PREFIX)).as("the leftover sidecar keeps its id until orphan cleanup").contains(state)
                    .doesNotContain(manifest);
        }
    }
}
