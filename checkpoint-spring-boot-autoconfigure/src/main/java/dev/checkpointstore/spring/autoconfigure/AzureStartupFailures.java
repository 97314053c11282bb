package dev.checkpointstore.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;

import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.azure.AzureBlobCheckpointStore;
import dev.checkpointstore.core.objectstore.ConditionalWritesUnsupportedException;

/**
 * What the starter reports when {@link AzureBlobCheckpointStore.Builder#build()} fails: a
 * container that does not exist is a bad {@code checkpoint.azure.container}
 * ({@link InvalidCheckpointPropertyException}); an endpoint that cannot be reached, refused
 * credentials or a service that does not honour conditional writes is a
 * {@link CheckpointStoreStartupException} saying which, and how to fix it. Used only where the
 * Azure SDK is on the classpath.
 */
final class AzureStartupFailures {

    private static final String CONNECTION = "spring.cloud.azure.storage.blob.connection-string, or"
            + " spring.cloud.azure.storage.blob.endpoint with .account-name and .account-key (or a credential)";

    private AzureStartupFailures() {
    }

    /**
     * The exception to fail startup with.
     * @param failure what the builder threw
     * @param container the container, from {@code checkpoint.azure.container}
     * @param location the store's location
     * @return the exception, with the builder's failure as its cause
     */
    static RuntimeException of(CheckpointStoreException failure, String container, String location) {
        if (failure instanceof ConditionalWritesUnsupportedException unsupported) {
            return new CheckpointStoreStartupException(location, "the startup probe found that " + failure.getMessage(),
                    "Use Azure Blob Storage or an emulator that implements " + String.join(" and ", unsupported.headers())
                            + " on Put Blob (Azurite does).", failure);
        }
        BlobStorageException storage = storageFailure(failure);
        if (storage == null) {
            return new CheckpointStoreStartupException(location, "the Azure Blob endpoint could not be reached: "
                    + failure.getMessage(), "Check " + CONNECTION + ", that the service is running and that this host"
                    + " can reach it, then restart the application.", failure);
        }
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(storage.getErrorCode())) {
            return new InvalidCheckpointPropertyException("checkpoint.azure.container", container, failure.getMessage(),
                    "Create the container in the storage account of " + CONNECTION + ", or set"
                            + " checkpoint.azure.container to one that exists.", failure);
        }
        if (storage.getStatusCode() == 403 || storage.getStatusCode() == 401) {
            return new CheckpointStoreStartupException(location, "the credentials were refused: " + failure.getMessage(),
                    "Check the account name and key, the SAS token or the credential in " + CONNECTION + "; with"
                            + " Microsoft Entra ID the identity needs the Storage Blob Data Contributor role on the"
                            + " container.", failure);
        }
        return new CheckpointStoreStartupException(location, "the container refused the startup probe: "
                + failure.getMessage(), "Check " + CONNECTION + " and the container, then restart the application.",
                failure);
    }

    private static @Nullable BlobStorageException storageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException storage) {
                return storage;
            }
        }
        return null;
    }
}
