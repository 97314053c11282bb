package dev.checkpointstore.sample.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.s3.S3MockServer;
import dev.checkpointstore.sample.ExpectedResult;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample with the {@code s3} profile, against an S3Mock process, survives repeated
 * SIGKILLs with an exactly-once result.
 */
class S3KillAndResumeIT {

    private static final long TOTAL = 300_000;
    private static final int KEYS = 25_000;

    @Test
    void resultAfterFiveKillsEqualsTheUninterruptedResult() throws Exception {
        Path workDir = E2eDirs.fresh("s3");
        long seed = System.nanoTime();
        try (S3MockServer s3 = S3MockServer.start()) {
            String bucket = s3.newBucket("sample-e2e");
            KillAndResume scenario = new KillAndResume(workDir, List.of("--spring.profiles.active=s3",
                    "--spring.cloud.aws.s3.endpoint=" + s3.endpoint(),
                    "--spring.cloud.aws.s3.path-style-access-enabled=true",
                    "--spring.cloud.aws.region.static=" + S3MockServer.REGION.id(),
                    "--spring.cloud.aws.credentials.access-key=test-key",
                    "--spring.cloud.aws.credentials.secret-key=test-secret",
                    "--checkpoint.s3.bucket=" + bucket, "--checkpoint.s3.prefix=e2e/",
                    "--sample.events.keys=" + KEYS, "--sample.events.rate=50000",
                    "--sample.checkpoint.interval=200ms"), TOTAL);

            String result = scenario.run(5, Duration.ofMillis(800), new Random(seed));

            System.out.println("s3 kill-and-resume (seed " + seed + "):\n  " + String.join("\n  ", scenario.history()));
            assertThat(result).as("result after %s (seed %d)", scenario.history(), seed)
                    .isEqualTo(ExpectedResult.of(TOTAL, KEYS));
            List<String> keys = s3.client().listObjectsV2(r -> r.bucket(bucket).prefix("e2e/")).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(keys).contains("e2e/manifests/latest.json").anyMatch(key -> key.startsWith("e2e/checkpoints/state-"));
            assertThat(workDir.resolve("checkpoint-data")).doesNotExist();
        }
    }
}
