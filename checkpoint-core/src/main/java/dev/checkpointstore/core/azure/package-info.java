/**
 * A {@link dev.checkpointstore.core.CheckpointStore} on Azure Blob Storage, through the synchronous
 * Azure SDK {@code BlobContainerClient}, in the same object layout as the S3 store:
 * create-only manifests and sidecars ({@code If-None-Match: *}), a compare-and-swap latest pointer
 * ({@code If-Match} on the ETag) that never moves back, sidecars as blocks staged in parallel and
 * committed with a condition, ranged reads, and deletes through the blob batch API.
 */
@NullMarked
package dev.checkpointstore.core.azure;

import org.jspecify.annotations.NullMarked;
