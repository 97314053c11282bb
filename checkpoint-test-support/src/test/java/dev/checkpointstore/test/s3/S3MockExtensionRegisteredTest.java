package dev.checkpointstore.test.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3MockExtensionRegisteredTest {

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("registered");

    @Test
    void givesTheRunningTestsBucketNamedAfterItsStem(S3Bucket bucket) {
        assertThat(S3.bucket()).isEqualTo(bucket);
        assertThat(bucket.name()).startsWith("registered-");
        assertThat(bucket.client().headBucket(r -> r.bucket(bucket.name())).sdkHttpResponse().isSuccessful()).isTrue();
    }
}
