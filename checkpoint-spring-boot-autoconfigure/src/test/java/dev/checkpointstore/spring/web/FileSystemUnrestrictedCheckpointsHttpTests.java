package dev.checkpointstore.spring.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.checkpointstore.test.FormatFixtures;

@SpringBootTest(classes = CheckpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.SHOW_DETAILS,
                ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE, UnrestrictedCheckpointsHttpTests.UNRESTRICTED,
                UnrestrictedCheckpointsHttpTests.CLEANUP_AT_STARTUP, UnrestrictedCheckpointsHttpTests.CLEANUP_ONCE,
                "spring.cloud.aws.s3.enabled=false" })
@DirtiesContext
class FileSystemUnrestrictedCheckpointsHttpTests extends UnrestrictedCheckpointsHttpTests {

    private static Path baseDir;

    @DynamicPropertySource
    static void checkpointDirectory(DynamicPropertyRegistry registry) {
        baseDir = FormatFixtures.copy(FormatFixtures.dir().resolve("fs/valid-pair"),
                HttpTestSupport.newWorkDir("fs-unrestricted-"));
        orphan(OLD_ORPHAN, Instant.now().minus(Duration.ofHours(2)));
        orphan(FRESH_ORPHAN, Instant.now());
        registry.add("checkpoint.filesystem.base-dir", baseDir::toString);
    }

    private static Path state(long id) {
        return baseDir.resolve("checkpoints/checkpoint_0000" + id + "/state.bin");
    }

    private static void orphan(long id, Instant modified) {
        try {
            Path state = state(id);
            Files.createDirectories(state.getParent());
            Files.write(state, new byte[] { 1, 2, 3 });
            Files.setLastModifiedTime(state, FileTime.from(modified));
            Files.setLastModifiedTime(state.getParent(), FileTime.from(modified));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    boolean orphanExists(long id) {
        return Files.exists(state(id));
    }

    @Override
    void leaveOldOrphan(long id) {
        orphan(id, Instant.now().minus(Duration.ofHours(2)));
    }

    @Override
    void breakStore() {
        try {
            Path checkpoints = baseDir.resolve("checkpoints");
            Files.move(checkpoints, baseDir.resolve("moved-away"));
            Files.writeString(checkpoints, "not a directory");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    String brokenStoreError() {
        return baseDir.resolve("checkpoints").toString();
    }
}
