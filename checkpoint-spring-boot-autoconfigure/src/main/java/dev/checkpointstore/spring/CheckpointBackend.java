package dev.checkpointstore.spring;

import java.util.Locale;

/**
 * The backends the starter configures from properties. Each id is the name its store
 * {@linkplain dev.checkpointstore.core.CheckpointStore#describe() describes itself} with.
 */
public enum CheckpointBackend {

    /** A local directory: {@code FileSystemCheckpointStore}. */
    FILESYSTEM,

    /** An S3 bucket, through the {@code S3Client} of Spring Cloud AWS: {@code S3CheckpointStore}. */
    S3,

    /**
     * An Azure Blob Storage container, through the {@code BlobServiceClient} of Spring Cloud Azure:
     * {@code AzureBlobCheckpointStore}.
     */
    AZURE,

    /** Memory only, lost on exit (tests, demos): {@code InMemoryCheckpointStore}. */
    MEMORY;

    /**
     * The name used in properties, the endpoint and metric tags.
     * @return the lower-case name
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
