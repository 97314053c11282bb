package dev.checkpointstore.core.azure;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.objectstore.VersionedPointer;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.models.BlobRequestConditions;

/**
 * The {@code latest.json} pointer in a container: a Put Blob with {@code If-Match: <etag>} (or
 * {@code If-None-Match: *} when there is no pointer). Another writer got there first on a 412
 * {@code ConditionNotMet}, a 409 {@code BlobAlreadyExists} or a 404 (the pointer was deleted); a
 * write whose outcome is unknown (the client's retries ran out) is settled by reading the pointer
 * again, up to {@value #MAX_UNKNOWN_OUTCOMES} times per move.
 */
final class AzureLatestPointer extends VersionedPointer {

    /** How many times a write whose outcome is unknown is settled and tried again. */
    private static final int MAX_UNKNOWN_OUTCOMES = 3;

    private final AzureContainer container;
    private final String blob;

    AzureLatestPointer(AzureContainer container, String blob) {
        this.container = container;
        this.blob = blob;
    }

    @Override
    protected Optional<Stored> get() {
        return container.get(blob, "read the latest pointer at", 64 * 1024,
                size -> new CorruptCheckpointException("latest pointer at " + container.location(blob) + " is " + size
                        + " bytes, not a pointer"))
                .map(found -> new Stored(found.bytes(), found.etag()));
    }

    @Override
    protected @Nullable String write(byte[] json, @Nullable String expectedEtag) {
        BlobRequestConditions condition = expectedEtag == null ? new BlobRequestConditions().setIfNoneMatch("*")
                : new BlobRequestConditions().setIfMatch(expectedEtag);
        return container.putOnce(blob, BinaryData.fromBytes(json), condition, AzureContainer.JSON);
    }

    @Override
    protected WriteFailure settle(RuntimeException failure, long checkpointId, int unknownSoFar) {
        return switch (AzureFailures.kind(failure)) {
            case PRECONDITION_FAILED, ALREADY_EXISTS, NOT_FOUND -> WriteFailure.MOVED;
            case TRANSIENT -> {
                if (unknownSoFar + 1 > MAX_UNKNOWN_OUTCOMES) {
                    throw failure(checkpointId, failure);
                }
                yield WriteFailure.UNKNOWN;
            }
            default -> throw failure(checkpointId, failure);
        };
    }

    @Override
    protected String location() {
        return container.location(blob);
    }

    private CheckpointBackendException failure(long checkpointId, RuntimeException ex) {
        return container.failures().failure("move the latest pointer to checkpoint " + Long.toUnsignedString(checkpointId)
                + " at", blob, ex);
    }
}
