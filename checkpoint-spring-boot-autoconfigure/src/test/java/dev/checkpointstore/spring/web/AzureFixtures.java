package dev.checkpointstore.spring.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;

import dev.checkpointstore.test.FormatFixtures;
import dev.checkpointstore.test.azure.AzuriteServer;

/**
 * The {@code obj/valid-pair} fixture in an Azurite container under the prefix {@code nodes/a/}, and
 * the Spring Cloud Azure properties that reach it.
 */
final class AzureFixtures {

    static final String PREFIX = "nodes/a/";

    private AzureFixtures() {
    }

    /** A new container holding the fixture. */
    static BlobContainerClient containerWithFixture(String stem) {
        BlobContainerClient container = AzuriteServer.shared().newContainer(stem);
        upload(container);
        return container;
    }

    /** Uploads every file of the fixture at its relative path, replacing what is there. */
    static void upload(BlobContainerClient container) {
        Path root = FormatFixtures.dir().resolve("obj/valid-pair");
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(file -> container.getBlobClient(
                    root.relativize(file).toString().replace('\\', '/')).upload(BinaryData.fromFile(file), true));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String stateBlob(long id) {
        return PREFIX + "checkpoints/state-" + String.format("%06d", id) + ".bin";
    }

    static void putState(BlobContainerClient container, long id) {
        container.getBlobClient(stateBlob(id)).upload(BinaryData.fromBytes(new byte[] { 1, 2, 3 }), true);
    }

    /** When the blob was last modified, as a listing reports it (what orphan cleanup reads). */
    static Instant lastModified(BlobContainerClient container, String blob) {
        for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(blob), null)) {
            if (item.getName().equals(blob)) {
                return item.getProperties().getLastModified().toInstant();
            }
        }
        throw new AssertionError("no blob " + blob);
    }

    /** Spring Cloud Azure properties for the shared Azurite. */
    static String[] springCloudAzure() {
        return new String[] { "spring.cloud.azure.storage.blob.connection-string=" + AzuriteServer.shared().connectionString() };
    }
}
