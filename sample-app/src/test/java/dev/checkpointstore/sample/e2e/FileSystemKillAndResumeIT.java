package dev.checkpointstore.sample.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.sample.ExpectedResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample on its default filesystem backend survives repeated SIGKILLs with an
 * exactly-once result.
 */
class FileSystemKillAndResumeIT {

    private static final long TOTAL = 300_000;
    private static final int KEYS = 25_000;

    @Test
    void resultAfterFiveKillsEqualsTheUninterruptedResult() throws Exception {
        Path workDir = E2eDirs.fresh("filesystem");
        long seed = System.nanoTime();
        KillAndResume scenario = new KillAndResume(workDir, List.of("--sample.events.keys=" + KEYS,
                "--sample.events.rate=50000", "--checkpoint.coordinator.interval=100ms"), TOTAL);

        String result = scenario.run(5, Duration.ofMillis(800), new Random(seed));

        System.out.println("filesystem kill-and-resume (seed " + seed + "):\n  " + String.join("\n  ", scenario.history()));
        assertThat(result).as("result after %s (seed %d)", scenario.history(), seed)
                .isEqualTo(ExpectedResult.of(TOTAL, KEYS));
        assertThat(workDir.resolve("checkpoint-data/checkpoints/latest.txt")).isRegularFile();
        try (Stream<Path> epochs = Files.list(workDir.resolve("sample-output/epochs"))) {
            assertThat(epochs.map(path -> path.getFileName().toString())).isNotEmpty()
                    .allMatch(name -> name.matches("epoch-\\d{6}\\.json"));
        }
    }
}
