package dev.checkpointstore.spring.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.checkpointstore.test.FormatFixtures;

@SpringBootTest(classes = CheckpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.SHOW_DETAILS,
                ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE, "spring.cloud.aws.s3.enabled=false" })
@DirtiesContext
class FileSystemReadOnlyCheckpointsHttpTests extends ReadOnlyCheckpointsHttpTests {

    private static Path baseDir;

    @DynamicPropertySource
    static void checkpointDirectory(DynamicPropertyRegistry registry) {
        baseDir = FormatFixtures.copy(fixture(), HttpTestSupport.newWorkDir("fs-read-only-"));
        registry.add("checkpoint.filesystem.base-dir", baseDir::toString);
    }

    private static Path fixture() {
        return FormatFixtures.dir().resolve("fs/valid-pair");
    }

    @Override
    String backend() {
        return "filesystem";
    }

    @Override
    String location() {
        return baseDir.resolve("checkpoints").toAbsolutePath().toString();
    }

    @Override
    Path fixtureManifest(long id) {
        return fixture().resolve("checkpoints/checkpoint_00000" + id + "/manifest.json");
    }

    @Override
    void damageEveryManifest() {
        try {
            for (long id = 1; id <= 2; id++) {
                Files.writeString(baseDir.resolve("checkpoints/checkpoint_00000" + id + "/manifest.json"), "{broken");
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    void restoreFixture() {
        FormatFixtures.copy(fixture(), baseDir);
    }
}
