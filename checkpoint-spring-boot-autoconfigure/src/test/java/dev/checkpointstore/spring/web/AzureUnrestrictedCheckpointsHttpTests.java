package dev.checkpointstore.spring.web;

import java.time.Duration;
import java.time.Instant;

import com.azure.storage.blob.BlobContainerClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.checkpointstore.spring.autoconfigure.AzureBlobCheckpointStoreBuilderCustomizer;
import dev.checkpointstore.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's actions and orphan cleanup over HTTP on the Azure store. Azure judges an orphan's
 * age by the Last-Modified the service gave it, which a test cannot back-date: the store's clock is
 * set instead, between the times of the old orphan and the fresh one.
 */
@SpringBootTest(classes = { CheckpointTestApplication.class, AzureUnrestrictedCheckpointsHttpTests.StoreClock.class },
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.SHOW_DETAILS,
                ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE, UnrestrictedCheckpointsHttpTests.UNRESTRICTED,
                UnrestrictedCheckpointsHttpTests.CLEANUP_AT_STARTUP, UnrestrictedCheckpointsHttpTests.CLEANUP_ONCE,
                "checkpoint.orphan-cleanup.min-age=1h", "checkpoint.backend=azure", "spring.cloud.aws.s3.enabled=false",
                "checkpoint.azure.prefix=" + AzureFixtures.PREFIX })
@DirtiesContext
class AzureUnrestrictedCheckpointsHttpTests extends UnrestrictedCheckpointsHttpTests {

    private static final Duration MIN_AGE = Duration.ofHours(1);

    private static final MutableClock CLOCK = new MutableClock();

    private static BlobContainerClient container;

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) throws InterruptedException {
        container = AzureFixtures.containerWithFixture("http-unrestricted");
        AzureFixtures.putState(container, OLD_ORPHAN);
        Thread.sleep(1100);
        AzureFixtures.putState(container, FRESH_ORPHAN);
        Instant old = AzureFixtures.lastModified(container, AzureFixtures.stateBlob(OLD_ORPHAN));
        Instant fresh = AzureFixtures.lastModified(container, AzureFixtures.stateBlob(FRESH_ORPHAN));
        assertThat(old).isBefore(fresh);
        Instant between = old.plus(Duration.between(old, fresh).dividedBy(2));
        CLOCK.set(between.plus(MIN_AGE));
        registry.add("checkpoint.azure.container", container::getBlobContainerName);
        for (String property : AzureFixtures.springCloudAzure()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    @Override
    boolean orphanExists(long id) {
        return container.getBlobClient(AzureFixtures.stateBlob(id)).exists();
    }

    @Override
    void leaveOldOrphan(long id) {
        AzureFixtures.putState(container, id);
        CLOCK.set(AzureFixtures.lastModified(container, AzureFixtures.stateBlob(id)).plus(MIN_AGE).plusSeconds(1));
    }

    @Override
    void breakStore() {
        container.delete();
    }

    @Override
    String brokenStoreError() {
        return container.getBlobContainerName();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StoreClock {

        @Bean
        AzureBlobCheckpointStoreBuilderCustomizer storeClock() {
            return builder -> builder.clock(CLOCK);
        }
    }
}
