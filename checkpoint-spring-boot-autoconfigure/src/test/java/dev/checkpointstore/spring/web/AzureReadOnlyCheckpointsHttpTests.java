package dev.checkpointstore.spring.web;

import java.nio.file.Path;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.checkpointstore.test.FormatFixtures;
import dev.checkpointstore.test.azure.AzuriteServer;

/** The read-only endpoint and health over HTTP, on the Azure store through Spring Cloud Azure's client. */
@SpringBootTest(classes = CheckpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.SHOW_DETAILS,
                ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE, "checkpoint.backend=azure", "spring.cloud.aws.s3.enabled=false",
                "checkpoint.azure.prefix=" + AzureFixtures.PREFIX })
@DirtiesContext
class AzureReadOnlyCheckpointsHttpTests extends ReadOnlyCheckpointsHttpTests {

    private static BlobContainerClient container;

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        container = AzureFixtures.containerWithFixture("http-read-only");
        registry.add("checkpoint.azure.container", container::getBlobContainerName);
        for (String property : AzureFixtures.springCloudAzure()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    @Override
    String backend() {
        return "azure";
    }

    @Override
    String location() {
        return AzuriteServer.shared().endpoint() + "/" + container.getBlobContainerName() + "/" + AzureFixtures.PREFIX;
    }

    @Override
    Path fixtureManifest(long id) {
        return FormatFixtures.dir().resolve("obj/valid-pair").resolve(AzureFixtures.PREFIX
                + "manifests/manifest-00000" + id + ".json");
    }

    @Override
    void damageEveryManifest() {
        for (long id = 1; id <= 2; id++) {
            container.getBlobClient(AzureFixtures.PREFIX + "manifests/manifest-00000" + id + ".json")
                    .upload(BinaryData.fromString("{broken"), true);
        }
    }

    @Override
    void restoreFixture() {
        AzureFixtures.upload(container);
    }
}
