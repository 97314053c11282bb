package dev.checkpointstore.spring.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.checkpointstore.test.s3.S3Bucket;

@SpringBootTest(classes = CheckpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.SHOW_DETAILS,
                ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE, "checkpoint.backend=s3",
                "checkpoint.s3.prefix=" + S3Fixtures.PREFIX })
@DirtiesContext
class S3ReadOnlyCheckpointsHttpTests extends ReadOnlyCheckpointsHttpTests {

    private static S3Bucket bucket;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        bucket = S3Fixtures.bucketWithFixture("http-read-only");
        S3Fixtures.register(registry, bucket);
    }

    @Override
    String backend() {
        return "s3";
    }

    @Override
    String location() {
        return "s3://" + bucket.name() + "/" + S3Fixtures.PREFIX;
    }

    @Override
    Path fixtureManifest(long id) {
        return S3Fixtures.fixture().resolve(S3Fixtures.PREFIX + "manifests/manifest-00000" + id + ".json");
    }

    @Override
    void damageEveryManifest() {
        for (long id = 1; id <= 2; id++) {
            String key = S3Fixtures.PREFIX + "manifests/manifest-00000" + id + ".json";
            bucket.put(key, "{broken".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    void restoreFixture() {
        bucket.upload(S3Fixtures.fixture());
    }
}
