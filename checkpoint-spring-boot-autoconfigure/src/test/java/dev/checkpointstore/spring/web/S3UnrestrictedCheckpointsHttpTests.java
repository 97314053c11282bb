package dev.checkpointstore.spring.web;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.checkpointstore.spring.autoconfigure.S3CheckpointStoreBuilderCustomizer;
import dev.checkpointstore.test.MutableClock;
import dev.checkpointstore.test.s3.S3Bucket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 judges an orphan's age by the LastModified the server gave it, which a test cannot back-date:
 * the store's clock is set instead, between the times of the old orphan and the fresh one.
 */
@SpringBootTest(classes = { CheckpointTestApplication.class, S3UnrestrictedCheckpointsHttpTests.StoreClock.class },
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.SHOW_DETAILS,
                ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE, UnrestrictedCheckpointsHttpTests.UNRESTRICTED,
                UnrestrictedCheckpointsHttpTests.CLEANUP_AT_STARTUP, UnrestrictedCheckpointsHttpTests.CLEANUP_ONCE,
                "checkpoint.orphan-cleanup.min-age=1h", "checkpoint.backend=s3",
                "checkpoint.s3.prefix=" + S3Fixtures.PREFIX })
@DirtiesContext
class S3UnrestrictedCheckpointsHttpTests extends UnrestrictedCheckpointsHttpTests {

    private static final Duration MIN_AGE = Duration.ofHours(1);

    private static final MutableClock CLOCK = new MutableClock();

    private static S3Bucket bucket;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws InterruptedException {
        bucket = S3Fixtures.bucketWithFixture("http-unrestricted");
        S3Fixtures.putState(bucket, OLD_ORPHAN);
        Thread.sleep(1100);
        S3Fixtures.putState(bucket, FRESH_ORPHAN);
        Instant old = bucket.lastModified(S3Fixtures.stateKey(OLD_ORPHAN));
        Instant fresh = bucket.lastModified(S3Fixtures.stateKey(FRESH_ORPHAN));
        assertThat(old).isBefore(fresh);
        Instant between = old.plus(Duration.between(old, fresh).dividedBy(2));
        CLOCK.set(between.plus(MIN_AGE));
        S3Fixtures.register(registry, bucket);
    }

    @Override
    boolean orphanExists(long id) {
        return bucket.exists(S3Fixtures.stateKey(id));
    }

    @Override
    void leaveOldOrphan(long id) {
        S3Fixtures.putState(bucket, id);
        CLOCK.set(bucket.lastModified(S3Fixtures.stateKey(id)).plus(MIN_AGE).plusSeconds(1));
    }

    @Override
    void breakStore() {
        bucket.delete();
    }

    @Override
    String brokenStoreError() {
        return bucket.name();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StoreClock {

        @Bean
        S3CheckpointStoreBuilderCustomizer storeClock() {
            return builder -> builder.clock(CLOCK);
        }
    }
}
