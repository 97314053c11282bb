package dev.checkpointstore.test.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(S3MockExtension.class)
class S3MockExtensionTest {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private S3Bucket beforeEach;

    @BeforeEach
    void takeTheBucket(S3Bucket bucket) {
        beforeEach = bucket;
    }

    @RepeatedTest(3)
    void eachTestHasAnEmptyBucketOfItsOwnOnTheSharedServer(S3Bucket bucket, S3Client client, S3MockServer server) {
        assertThat(SEEN.add(bucket.name())).as("bucket %s is new", bucket.name()).isTrue();
        assertThat(bucket.name()).startsWith("s3mockextension-");
        assertThat(bucket.keys("")).isEmpty();
        assertThat(bucket.server()).isSameAs(server).isSameAs(S3MockServer.shared());
        assertThat(client).isSameAs(server.client());

        bucket.put("a/b", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(bucket.exists("a/b")).isTrue();
        assertThat(bucket.exists("a/c")).isFalse();
        assertThat(bucket.keys("a/")).containsExactly("a/b");
    }

    @Test
    void aBeforeEachMethodAndItsTestGetTheSameBucket(S3Bucket bucket) {
        assertThat(bucket).isEqualTo(beforeEach);
    }

    @Test
    void aDeletedBucketIsGone(S3Bucket bucket) {
        bucket.put("k", new byte[] { 1 });

        bucket.delete();

        assertThat(bucket.client().listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket.name()));
    }

    @Test
    void anUnusedRegisteredExtensionHasNoBucket() {
        assertThatIllegalStateException().isThrownBy(() -> new S3MockExtension().bucket())
                .withMessageContaining("no test is running");
    }
}
