package dev.checkpointstore.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.OperatorCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation streams the sidecar: a checkpoint with a 1 GiB sidecar validates in a child JVM with
 * a 128 MiB heap. The sidecar is a sparse file, so the test costs two passes of SHA-256, not 1 GiB
 * of disk.
 */
class LargeSidecarMemoryTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aOneGibSidecarValidatesIn128MibOfHeap() throws Exception {
        FileSystemLayout layout = new FileSystemLayout(tmp);
        Path state = layout.state(1);
        Files.createDirectories(state.getParent());
        try (RandomAccessFile file = new RandomAccessFile(state.toFile(), "rw")) {
            file.setLength(GIB);
            file.seek(GIB - 1);
            file.write(42);
        }
        CheckpointManifest manifest = CheckpointManifest.builder().checkpointId(1).epoch(1).timestampMs(1)
                .vnodeCount(256)
                .putOperatorState("big", OperatorCheckpoint.external(0, GIB - 1024))
                .putOperatorState("tail", OperatorCheckpoint.external(GIB - 1024, 1024))
                .stateChecksum(sha256(state))
                .build();
        Files.write(layout.manifest(1), ManifestCodec.encode(manifest));
        Files.writeString(layout.latest(), FileSystemLayout.directoryName(1));

        String output = ChildJvm.runToSuccess(ChildJvm.commandWithFullJit(List.of("-Xmx128m"),
                ValidateInSmallHeap.class, tmp.toString(), "1", "tail"), tmp.resolve("child.out"), Duration.ofSeconds(120));

        assertThat(output).contains("valid=true", "issues=[]", "slice=1024:42");
        long maxHeap = Long.parseLong(output.lines().filter(l -> l.startsWith("maxHeap=")).findFirst().orElseThrow()
                .substring("maxHeap=".length()));
        assertThat(maxHeap).isLessThanOrEqualTo(128L * 1024 * 1024);
    }

    private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
