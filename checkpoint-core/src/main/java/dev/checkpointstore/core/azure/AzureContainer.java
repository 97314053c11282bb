package dev.checkpointstore.core.azure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointStoreException;

import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.batch.BlobBatch;
import com.azure.storage.blob.batch.BlobBatchClient;
import com.azure.storage.blob.batch.BlobBatchClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlobInputStream;
import com.azure.storage.blob.specialized.BlockBlobClient;

/**
 * The requests the store sends to one container, each one SDK call (the client's retry policy
 * retries it on transient failures). Reads answer empty for a missing blob; every other failure is a
 * {@link CheckpointStoreException} naming the blob, but for the writes, whose failures the caller
 * classifies ({@link AzureFailures#kind}) to settle conditional outcomes.
 */
final class AzureContainer {

    /** The blob batch API takes at most this many sub-requests in one batch. */
    static final int MAX_BATCH = 256;

    static final String OCTET_STREAM = "application/octet-stream";
    static final String JSON = "application/json";

    /** A blob's bytes and the ETag they were read at. */
    record Blob(byte[] bytes, String etag) {
    }

    /** A blob a batch delete could not delete, and why. */
    record DeleteError(String blob, String reason) {
    }

    private final BlobContainerClient client;
    private final BlobBatchClient batch;
    private final AzureFailures failures;

    AzureContainer(BlobContainerClient client) {
        this.client = client;
        this.batch = new BlobBatchClientBuilder(client).buildClient();
        this.failures = new AzureFailures(client.getBlobContainerUrl());
    }

    String name() {
        return client.getBlobContainerName();
    }

    String url() {
        return client.getBlobContainerUrl();
    }

    AzureFailures failures() {
        return failures;
    }

    String location(String blob) {
        return failures.location(blob);
    }

    BlockBlobClient blockBlob(String blob) {
        return client.getBlobClient(blob).getBlockBlobClient();
    }

    /**
     * Reads a whole blob, at most {@code maxBytes} of it: one GET.
     * @return the blob, or empty when there is none
     */
    Optional<Blob> get(String blob, String action, int maxBytes, LongFunction<? extends CheckpointStoreException> tooLarge) {
        try (BlobInputStream in = client.getBlobClient(blob).openInputStream(new BlobInputStreamOptions()
                .setBlockSize(Math.max(1, Math.min(maxBytes, 4 * 1024 * 1024))))) {
            BlobProperties properties = in.getProperties();
            if (properties.getBlobSize() > maxBytes) {
                throw tooLarge.apply(properties.getBlobSize());
            }
            return Optional.of(new Blob(in.readAllBytes(), properties.getETag()));
        }
        catch (CheckpointStoreException ex) {
            throw ex;
        }
        catch (IOException | RuntimeException ex) {
            if (AzureFailures.kind(ex) == AzureFailures.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failures.failure(action, blob, ex);
        }
    }

    /**
     * Opens a blob, or a range of it, for streaming: one GET per 4 MiB, each conditioned on the
     * ETag of the first, so a blob replaced while it is read fails the read instead of mixing versions.
     * @return the stream, or empty when there is no blob
     * @throws CheckpointStoreException on other failures; a range that starts past the end fails
     *     with a 416 {@code BlobStorageException} as its cause
     */
    Optional<InputStream> open(String blob, String action, @Nullable BlobRange range) {
        try {
            BlobInputStreamOptions options = new BlobInputStreamOptions();
            if (range != null) {
                options.setRange(range);
            }
            return Optional.of(new FailureTranslatingStream(client.getBlobClient(blob).openInputStream(options),
                    failures, action, blob));
        }
        catch (RuntimeException ex) {
            if (AzureFailures.kind(ex) == AzureFailures.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failures.failure(action, blob, ex);
        }
    }

    /**
     * The blob's properties: one HEAD.
     * @return them, or empty when there is no blob
     */
    Optional<BlobProperties> head(String blob, String action) {
        try {
            return Optional.of(client.getBlobClient(blob).getPropertiesWithResponse(null, null, Context.NONE).getValue());
        }
        catch (RuntimeException ex) {
            if (AzureFailures.kind(ex) == AzureFailures.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failures.failure(action, blob, ex);
        }
    }

    /**
     * Writes a blob in one Put Blob, under a condition; failures leave as the SDK threw them.
     * @return the new ETag
     */
    String putOnce(String blob, BinaryData content, @Nullable BlobRequestConditions conditions, String contentType) {
        return blockBlob(blob).uploadWithResponse(new BlockBlobSimpleUploadOptions(content)
                .setHeaders(new BlobHttpHeaders().setContentType(contentType))
                .setRequestConditions(conditions), null, Context.NONE).getValue().getETag();
    }

    /** Writes a blob in one Put Blob, unconditionally; failures are the store's. */
    String put(String blob, String action, byte[] content, String contentType) {
        try {
            return putOnce(blob, BinaryData.fromBytes(content), null, contentType);
        }
        catch (RuntimeException ex) {
            throw failures.failure(action, blob, ex);
        }
    }

    /**
     * Lists the blobs under a prefix, 5,000 per request.
     * @param uncommitted whether to list blobs that have only uncommitted blocks too
     */
    void list(String prefix, boolean uncommitted, String action, Consumer<BlobItem> each) {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix)
                .setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(uncommitted));
        try {
            for (BlobItem item : client.listBlobs(options, null)) {
                each.accept(item);
            }
        }
        catch (CheckpointStoreException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw failures.failure(action, prefix, ex);
        }
    }

    /**
     * Deletes blobs through the blob batch API, {@value #MAX_BATCH} per batch request. A blob that is
     * already gone counts as deleted.
     * @return the blobs that could not be deleted, and why
     * @throws CheckpointStoreException when a batch request as a whole fails
     */
    List<DeleteError> deleteAll(List<String> blobs, String action) {
        List<DeleteError> errors = new ArrayList<>();
        for (int from = 0; from < blobs.size(); from += MAX_BATCH) {
            List<String> slice = blobs.subList(from, Math.min(blobs.size(), from + MAX_BATCH));
            BlobBatch request = batch.getBlobBatch();
            List<Response<Void>> responses = new ArrayList<>(slice.size());
            for (String blob : slice) {
                responses.add(request.deleteBlob(client.getBlobClient(blob).getBlobUrl()));
            }
            try {
                batch.submitBatchWithResponse(request, false, null, Context.NONE);
            }
            catch (RuntimeException ex) {
                throw failures.failure(action, slice.get(0).isEmpty() ? "" : prefixOf(slice.get(0)), ex);
            }
            for (int i = 0; i < slice.size(); i++) {
                try {
                    responses.get(i).getStatusCode();
                }
                catch (RuntimeException ex) {
                    if (AzureFailures.kind(ex) != AzureFailures.Kind.NOT_FOUND) {
                        errors.add(new DeleteError(slice.get(i), failures.describe(ex)));
                    }
                }
            }
        }
        return errors;
    }

    private static String prefixOf(String blob) {
        int slash = blob.lastIndexOf('/');
        return slash < 0 ? "" : blob.substring(0, slash + 1);
    }

    /** Translates the SDK's failures while a blob is streamed into the store's. */
    private static final class FailureTranslatingStream extends InputStream {

        private final InputStream in;
        private final AzureFailures failures;
        private final String action;
        private final String blob;

        FailureTranslatingStream(InputStream in, AzureFailures failures, String action, String blob) {
            this.in = in;
            this.failures = failures;
            this.action = action;
            this.blob = blob;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            }
            catch (RuntimeException ex) {
                throw translate(ex);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            }
            catch (RuntimeException ex) {
                throw translate(ex);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private IOException translate(RuntimeException ex) {
            return new IOException(failures.failure(action, blob, ex).getMessage(), ex);
        }
    }
}
