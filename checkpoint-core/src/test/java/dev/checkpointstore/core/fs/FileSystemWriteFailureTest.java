package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails part way, as on a full disk: a child JVM under a file size limit
 * ({@code ulimit -f}, the kernel then fails the write with {@code EFBIG}) saves a sidecar larger
 * than the limit. The save must fail with an exception naming the path, leave no temp file and no
 * trace of the checkpoint, and the store must keep working.
 */
class FileSystemWriteFailureTest {

    @TempDir
    Path tmp;

    @Test
    void sidecarWriteFailingPartWayLeavesNothingBehind() throws Exception {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "needs bash for ulimit");
        Path base = tmp.resolve("base");
        List<String> command = new ArrayList<>(List.of(bash.toString(), "-c", "ulimit -f 1024 && exec \"$@\"", "bash"));
        command.addAll(ChildJvm.command(List.of("-Xmx64m"), SaveUnderFileSizeLimit.class, base.toString(),
                Integer.toString(4 * 1024 * 1024)));
        String output = ChildJvm.runToSuccess(command, tmp.resolve("child.out"), Duration.ofSeconds(60));

        FileSystemLayout layout = new FileSystemLayout(base);
        assertThat(output).contains("failed: cannot write the state of checkpoint 1 to " + layout.state(1))
                .contains("File too large")
                .contains("saved 2")
                .doesNotContain("unexpectedly");
        try (Stream<Path> files = Files.walk(layout.checkpointsDir())) {
            assertThat(files.map(p -> layout.checkpointsDir().relativize(p).toString()))
                    .noneMatch(name -> name.endsWith(".tmp"))
                    .noneMatch(name -> name.startsWith("checkpoint_000001/"));
        }
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(base).build();
        assertThat(store.listIds()).containsExactly(2L);
        assertThat(store.latestId()).hasValue(2);
        assertThat(store.validateCheckpoint(2).valid()).isTrue();
    }
}
