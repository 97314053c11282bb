package dev.checkpointstore.core.azure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.checkpointstore.core.CheckpointStoreException;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.models.BlobRequestConditions;

/**
 * Finds out, on a fresh probe blob no one else uses, whether the container honours the two
 * conditional writes the store relies on, in four Put Blobs and a delete: a create with
 * {@code If-None-Match: *} succeeds and a second one is refused (409 {@code BlobAlreadyExists});
 * a write with {@code If-Match: <the current ETag>} succeeds and one with the replaced ETag is
 * refused (412 {@code ConditionNotMet}). Azure Storage and Azurite honour both; an emulator or
 * proxy that ignores a header is found here, at startup, as are a missing container, refused
 * credentials and an unreachable endpoint.
 *
 * <p>The probe blob is deleted afterwards. When that fails it is reported (WARN, naming the blob)
 * and left; {@link #removeLeftovers} deletes such leftovers later, once they are old enough not to
 * be another instance's probe in progress.
 */
final class AzureConditionalWriteProbe {

    private static final Logger log = LoggerFactory.getLogger(AzureConditionalWriteProbe.class);

    /**
     * What the probe found.
     * @param problems what is not honoured, one sentence per header (empty when all is well)
     * @param headers the headers not honoured: {@code If-None-Match}, {@code If-Match}
     */
    record Findings(List<String> problems, List<String> headers) {

        boolean allHonoured() {
            return headers.isEmpty();
        }
    }

    private AzureConditionalWriteProbe() {
    }

    static Findings probe(AzureContainer container, String blob) {
        String location = container.location(blob);
        List<String> problems = new ArrayList<>(2);
        List<String> headers = new ArrayList<>(2);
        try {
            String created = create(container, blob, "created");
            if (created == null) {
                // our own create whose answer was lost and retried by the client lands here as a refusal
                created = container.head(blob, "read the conditional write probe").orElseThrow().getETag();
            }
            String again = createAgain(container, blob);
            if (again != null) {
                problems.add("If-None-Match: * is ignored: a second create of " + location + " was not refused, so two"
                        + " writers of one checkpoint id could overwrite each other's manifest and state");
                headers.add("If-None-Match");
                created = again;
            }
            String swapped = write(container, blob, "swapped", new BlobRequestConditions().setIfMatch(created));
            if (swapped == null) {
                problems.add("If-Match is refused even with the current ETag of " + location + ", so every save after"
                        + " the first would fail to move the latest pointer");
                headers.add("If-Match");
            }
            else if (swapped.equals(created)) {
                problems.add("If-Match cannot fence: the ETag of " + location + " did not change when its content did");
                headers.add("If-Match");
            }
            else if (write(container, blob, "swapped from a stale ETag",
                    new BlobRequestConditions().setIfMatch(created)) != null) {
                problems.add("If-Match is ignored: a write to " + location + " with a stale ETag was not refused, so a"
                        + " writer that lost a race could move the latest pointer back");
                headers.add("If-Match");
            }
            return new Findings(problems, headers);
        }
        finally {
            delete(container, List.of(blob));
        }
    }

    /**
     * Deletes probe blobs that a failed delete left behind, once they are older than the cutoff:
     * one List Blobs, and one batch when there are any. Failures are reported (WARN), never thrown.
     * @return how many were deleted
     */
    static int removeLeftovers(AzureContainer container, String listPrefix, Instant cutoff) {
        List<String> leftovers = new ArrayList<>();
        try {
            container.list(listPrefix, false, "list leftover conditional write probes under", item -> {
                var modified = item.getProperties().getLastModified();
                if (modified != null && !modified.toInstant().isAfter(cutoff)) {
                    leftovers.add(item.getName());
                }
            });
        }
        catch (CheckpointStoreException ex) {
            log.warn("Cannot look for leftover conditional write probe blobs under {}: {}",
                    container.location(listPrefix), ex.getMessage());
            return 0;
        }
        if (leftovers.isEmpty()) {
            return 0;
        }
        List<String> deleted = delete(container, leftovers);
        deleted.forEach(blob -> log.info("Deleted the leftover conditional write probe blob {}", container.location(blob)));
        return deleted.size();
    }

    private static @Nullable String create(AzureContainer container, String blob, String step) {
        return write(container, blob, step, new BlobRequestConditions().setIfNoneMatch("*"));
    }

    private static @Nullable String createAgain(AzureContainer container, String blob) {
        return create(container, blob, "created again");
    }

    /** @return the new ETag, or null when the condition refused the write */
    private static @Nullable String write(AzureContainer container, String blob, String step,
            BlobRequestConditions condition) {
        byte[] body = ("checkpoint-store conditional write probe " + blob + ": " + step).getBytes(StandardCharsets.UTF_8);
        try {
            return container.putOnce(blob, BinaryData.fromBytes(body), condition, AzureContainer.OCTET_STREAM);
        }
        catch (RuntimeException ex) {
            return switch (AzureFailures.kind(ex)) {
                case PRECONDITION_FAILED, ALREADY_EXISTS -> null;
                default -> throw container.failures().failure("probe conditional writes (" + step + ") with", blob, ex);
            };
        }
    }

    private static List<String> delete(AzureContainer container, List<String> blobs) {
        List<String> failed = new ArrayList<>();
        try {
            for (AzureContainer.DeleteError error : container.deleteAll(blobs, "delete the conditional write probe")) {
                failed.add(error.blob());
                log.warn("Cannot delete the conditional write probe blob {} ({}). It holds no checkpoint data and the"
                        + " store ignores it; a store built on this prefix an hour from now deletes it, or delete it by"
                        + " hand.", container.location(error.blob()), error.reason());
            }
        }
        catch (CheckpointStoreException ex) {
            log.warn("Cannot delete the conditional write probe blobs {} ({}); a store built on this prefix an hour"
                    + " from now deletes them.", blobs, ex.getMessage());
            return List.of();
        }
        return blobs.stream().filter(blob -> !failed.contains(blob)).toList();
    }
}
