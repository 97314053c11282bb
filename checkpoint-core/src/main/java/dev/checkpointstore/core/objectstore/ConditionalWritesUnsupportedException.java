package dev.checkpointstore.core.objectstore;

import java.util.List;

import dev.checkpointstore.core.CheckpointBackendException;

/**
 * The object store does not honour a conditional write the store's fencing relies on, as the
 * startup probe of its builder found: {@code If-None-Match: *}, which creates a manifest or
 * sidecar only if it is absent, or {@code If-Match}, the compare-and-swap that keeps the latest
 * pointer from moving back. The header is either ignored (the write goes through) or rejected
 * (501 {@code NotImplemented}). Thrown by {@code S3CheckpointStore.Builder#build()} (whose
 * {@code allowUnconditionalWrites} builds the store anyway, unfenced) and
 * {@code AzureBlobCheckpointStore.Builder#build()}.
 */
public class ConditionalWritesUnsupportedException extends CheckpointBackendException {

    private static final long serialVersionUID = 1L;

    private final List<String> headers;

    /**
     * Creates an exception.
     * @param message what the probe found, naming the bucket, the headers and the way out
     * @param headers the headers not honoured, as sent: {@code If-None-Match}, {@code If-Match}
     */
    public ConditionalWritesUnsupportedException(String message, List<String> headers) {
        super(message);
        this.headers = List.copyOf(headers);
    }

    /**
     * The headers the object store does not honour.
     * @return {@code If-None-Match}, {@code If-Match} or both, in that order
     */
    public List<String> headers() {
        return headers;
    }
}
