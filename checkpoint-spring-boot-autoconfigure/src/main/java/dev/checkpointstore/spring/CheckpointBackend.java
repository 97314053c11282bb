package dev.checkpointstore.spring;

import java.util.Locale;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.fs.FileSystemCheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;

/**
 * The backends the starter configures from properties.
 */
public enum CheckpointBackend {

    /** A local directory: {@code FileSystemCheckpointStore}. */
    FILESYSTEM,

    /** An S3 bucket, through the {@code S3Client} of Spring Cloud AWS: {@code S3CheckpointStore}. */
    S3,

    /** Memory only, lost on exit (tests, demos): {@code InMemoryCheckpointStore}. */
    MEMORY;

    private static final String S3_STORE = "dev.checkpointstore.core.s3.S3CheckpointStore";

    /**
     * The name used in properties, the endpoint and metric tags.
     * @return the lower-case name
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Names the backend of any store, looking through {@link ForwardingCheckpointStore}s.
     * @param store a store
     * @return {@code filesystem}, {@code s3} or {@code memory}, or the simple class name of another store
     */
    public static String nameOf(CheckpointStore store) {
        CheckpointStore inner = ForwardingCheckpointStore.unwrap(store);
        if (inner instanceof FileSystemCheckpointStore) {
            return FILESYSTEM.id();
        }
        if (inner instanceof InMemoryCheckpointStore) {
            return MEMORY.id();
        }
        if (inner.getClass().getName().equals(S3_STORE)) {
            return S3.id();
        }
        return inner.getClass().getSimpleName();
    }
}
