package dev.checkpointstore.spring.web;

import java.nio.file.Path;

import software.amazon.awssdk.core.sync.RequestBody;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = CheckpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.SHOW_DETAILS,
                ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE, "checkpoint.backend=s3",
                "checkpoint.s3.prefix=" + S3Fixtures.PREFIX })
@DirtiesContext
class S3ReadOnlyCheckpointsHttpTests extends ReadOnlyCheckpointsHttpTests {

    private static String bucket;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        bucket = S3Fixtures.bucketWithFixture("http-read-only");
        registry.add("checkpoint.s3.bucket", () -> bucket);
        for (String property : S3Fixtures.springCloudAws()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    @Override
    String backend() {
        return "s3";
    }

    @Override
    String location() {
        return "s3://" + bucket + "/" + S3Fixtures.PREFIX;
    }

    @Override
    Path fixtureManifest(long id) {
        return S3Fixtures.fixture().resolve(S3Fixtures.PREFIX + "manifests/manifest-00000" + id + ".json");
    }

    @Override
    void damageEveryManifest() {
        for (long id = 1; id <= 2; id++) {
            String key = S3Fixtures.PREFIX + "manifests/manifest-00000" + id + ".json";
            S3Fixtures.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("{broken"));
        }
    }

    @Override
    void restoreFixture() {
        S3Fixtures.upload(bucket);
    }
}
