package dev.checkpointstore.test.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(S3MockExtension.class)
class FaultyProxyTest {

    @Test
    void forwardsEverythingWithoutAPolicy(S3Bucket bucket) {
        try (FaultyProxy proxy = new FaultyProxy(bucket.server().endpoint())) {
            proxy.client().putObject(r -> r.bucket(bucket.name()).key("k"), RequestBody.fromString("v"));

            assertThat(bucket.exists("k")).isTrue();
            assertThat(proxy.requests()).isEqualTo(1);
            assertThat(proxy.injected()).isZero();
        }
    }

    @Test
    void aRefusedRequestNeverReachesTheServer(S3Bucket bucket) {
        try (FaultyProxy proxy = new FaultyProxy(bucket.server().endpoint())) {
            proxy.policy((n, line) -> line.startsWith("PUT ") ? FaultyProxy.Fault.DENY_403 : FaultyProxy.Fault.NONE);

            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> proxy.client().putObject(r -> r.bucket(bucket.name()).key("k"), RequestBody.fromString("v")))
                    .satisfies(ex -> assertThat(ex.statusCode()).isEqualTo(403));
            assertThat(bucket.exists("k")).isFalse();
            assertThat(proxy.injected()).isEqualTo(1);
        }
    }

    @Test
    void aHeldRequestIsNeitherForwardedNorAnswered(S3Bucket bucket) {
        try (FaultyProxy proxy = new FaultyProxy(bucket.server().endpoint());
                S3Client client = S3MockServer.clientBuilder(proxy.endpoint())
                        .overrideConfiguration(o -> o.addExecutionInterceptor(AtomicConditionalWrites.INSTANCE)
                                .apiCallAttemptTimeout(Duration.ofSeconds(1))
                                .apiCallTimeout(Duration.ofSeconds(1)))
                        .build()) {
            proxy.policy((n, line) -> line.startsWith("PUT ") ? FaultyProxy.Fault.HOLD : FaultyProxy.Fault.NONE);

            assertThatExceptionOfType(SdkClientException.class)
                    .isThrownBy(() -> client.putObject(r -> r.bucket(bucket.name()).key("k"), RequestBody.fromString("v")));
            assertThat(bucket.exists("k")).isFalse();
            assertThat(proxy.injected()).isPositive();
        }
    }
}
