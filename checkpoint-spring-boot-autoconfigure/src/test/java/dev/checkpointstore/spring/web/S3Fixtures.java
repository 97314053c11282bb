package dev.checkpointstore.spring.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.checkpointstore.test.s3.S3MockServer;

/**
 * The {@code obj/valid-pair} fixture in an S3Mock bucket under the prefix {@code nodes/a/}, and
 * the Spring Cloud AWS properties that reach it.
 */
final class S3Fixtures {

    static final String PREFIX = "nodes/a/";

    private S3Fixtures() {
    }

    static Path fixture() {
        return HttpTestSupport.fixtures().resolve("obj/valid-pair");
    }

    static S3Client client() {
        return S3MockServer.shared().client();
    }

    /** A new bucket holding the fixture. */
    static String bucketWithFixture(String stem) {
        String bucket = S3MockServer.shared().newBucket(stem);
        upload(bucket);
        return bucket;
    }

    /** Puts every file of the fixture at its relative path. */
    static void upload(String bucket) {
        Path root = fixture();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(file -> client().putObject(
                    r -> r.bucket(bucket).key(root.relativize(file).toString().replace('\\', '/')),
                    RequestBody.fromFile(file)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String stateKey(long id) {
        return PREFIX + "checkpoints/state-" + String.format("%06d", id) + ".bin";
    }

    static void putState(String bucket, long id) {
        client().putObject(r -> r.bucket(bucket).key(stateKey(id)), RequestBody.fromBytes(new byte[] { 1, 2, 3 }));
    }

    static boolean exists(String bucket, String key) {
        try {
            client().headObject(r -> r.bucket(bucket).key(key));
            return true;
        }
        catch (NoSuchKeyException ex) {
            return false;
        }
        catch (software.amazon.awssdk.services.s3.model.S3Exception ex) {
            if (ex.statusCode() == 404) {
                return false;
            }
            throw ex;
        }
    }

    /** When the object was last modified, as a listing reports it (what orphan cleanup reads). */
    static Instant lastModified(String bucket, String key) {
        return client().listObjectsV2(r -> r.bucket(bucket).prefix(key)).contents().stream()
                .filter(o -> o.key().equals(key)).map(S3Object::lastModified).findFirst()
                .orElseThrow(() -> new AssertionError("no object " + key));
    }

    static void deleteBucket(String bucket) {
        for (S3Object object : client().listObjectsV2(r -> r.bucket(bucket)).contents()) {
            client().deleteObject(r -> r.bucket(bucket).key(object.key()));
        }
        client().deleteBucket(r -> r.bucket(bucket));
    }

    /** Spring Cloud AWS properties for the shared S3Mock server. */
    static String[] springCloudAws() {
        return new String[] { "spring.cloud.aws.s3.endpoint=" + S3MockServer.shared().endpoint(),
            "spring.cloud.aws.s3.path-style-access-enabled=true", "spring.cloud.aws.region.static=us-east-1",
            "spring.cloud.aws.credentials.access-key=test-key", "spring.cloud.aws.credentials.secret-key=test-secret" };
    }
}
