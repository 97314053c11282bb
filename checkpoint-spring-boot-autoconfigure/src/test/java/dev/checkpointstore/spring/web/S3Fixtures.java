package dev.checkpointstore.spring.web;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.checkpointstore.test.FormatFixtures;
import dev.checkpointstore.test.s3.S3Bucket;
import dev.checkpointstore.test.s3.S3MockServer;

/**
 * The {@code obj/valid-pair} fixture in an S3Mock bucket under the prefix {@code nodes/a/}, and
 * the Spring Cloud AWS properties that reach it. The bucket belongs to the test class: its
 * application context is made once, so it cannot take a bucket per test.
 */
final class S3Fixtures {

    static final String PREFIX = "nodes/a/";

    private S3Fixtures() {
    }

    static Path fixture() {
        return FormatFixtures.dir().resolve("obj/valid-pair");
    }

    /** A new bucket holding the fixture. */
    static S3Bucket bucketWithFixture(String stem) {
        S3Bucket bucket = S3MockServer.shared().newS3Bucket(stem);
        bucket.upload(fixture());
        return bucket;
    }

    static String stateKey(long id) {
        return PREFIX + "checkpoints/state-" + String.format("%06d", id) + ".bin";
    }

    static void putState(S3Bucket bucket, long id) {
        bucket.put(stateKey(id), new byte[] { 1, 2, 3 });
    }

    /** Points the context at a bucket on the shared S3Mock server. */
    static void register(DynamicPropertyRegistry registry, S3Bucket bucket) {
        registry.add("checkpoint.s3.bucket", bucket::name);
        for (String property : bucket.server().springCloudAwsProperties()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }
}
