package dev.checkpointstore.core.s3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.checkpointstore.core.CheckpointStoreException;
import dev.checkpointstore.core.objectstore.ObjectLayout;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Finds out whether a bucket honours the two conditional writes the store relies on, on a fresh
 * probe key that no one else uses, in four PUTs and a delete:
 * <ol>
 *   <li>a create with {@code If-None-Match: *} succeeds;</li>
 *   <li>a second create with {@code If-None-Match: *} is refused (412): manifests and sidecars are
 *       created only if absent, which fences two writers of one checkpoint id;</li>
 *   <li>a write with {@code If-Match: <the current ETag>} succeeds, and</li>
 *   <li>a write with {@code If-Match: <the ETag replaced by 3>} is refused (412): the latest
 *       pointer moves by compare-and-swap on its ETag, so it never moves back.</li>
 * </ol>
 * A store that ignores a header lets the write through; one that rejects it answers 501
 * {@code NotImplemented}. Both are findings, not failures: the caller decides. A missing bucket,
 * rejected credentials or an unreachable endpoint fail here, at startup.
 *
 * <p>The probe object is deleted afterwards. When that fails it is reported (WARN, naming the key)
 * and left; {@link #removeLeftovers} deletes such leftovers later, once they are old enough not to
 * be another instance's probe in progress.
 */
final class ConditionalWriteProbe {

    private static final Logger log = LoggerFactory.getLogger(ConditionalWriteProbe.class);

    /** What the store relies on, and what the probe found. */
    enum Header {
        /** {@code If-None-Match: *}: create only if absent, for manifests and sidecars. */
        IF_NONE_MATCH("If-None-Match"),
        /** {@code If-Match: <etag>}: compare-and-swap, for the latest pointer. */
        IF_MATCH("If-Match");

        private final String header;

        Header(String header) {
            this.header = header;
        }

        /** @return the HTTP header's name */
        String header() {
            return header;
        }
    }

    /**
     * What the probe found about each header.
     * @param createOnly null when {@code If-None-Match: *} is honoured, else what went wrong
     * @param compareAndSwap null when {@code If-Match} is honoured, else what went wrong
     */
    record Findings(@Nullable String createOnly, @Nullable String compareAndSwap) {

        /** @return whether a create is refused when the key exists */
        boolean createOnlyHonoured() {
            return createOnly == null;
        }

        /** @return whether a write with a stale ETag is refused and one with the current ETag is not */
        boolean compareAndSwapHonoured() {
            return compareAndSwap == null;
        }

        /** @return whether both are honoured */
        boolean allHonoured() {
            return createOnly == null && compareAndSwap == null;
        }

        /** @return the headers not honoured, in the order the store uses them */
        List<Header> failing() {
            List<Header> failing = new ArrayList<>(2);
            if (createOnly != null) {
                failing.add(Header.IF_NONE_MATCH);
            }
            if (compareAndSwap != null) {
                failing.add(Header.IF_MATCH);
            }
            return failing;
        }

        /** @return what went wrong, one sentence per header, joined by {@code "; "} */
        String problems() {
            List<String> problems = new ArrayList<>(2);
            if (createOnly != null) {
                problems.add(createOnly);
            }
            if (compareAndSwap != null) {
                problems.add(compareAndSwap);
            }
            return String.join("; ", problems);
        }
    }

    private enum Outcome { WRITTEN, REFUSED, NOT_IMPLEMENTED }

    /** One conditional write's outcome: the new ETag when written, the store's answer when not implemented. */
    private record Attempt(Outcome outcome, @Nullable String etag, @Nullable String answer) {
    }

    private ConditionalWriteProbe() {
    }

    /**
     * Probes the bucket: four PUTs and one DeleteObjects.
     * @param bucket the bucket
     * @param key a probe key no one else uses, under {@link ObjectLayout#probeListPrefix()}
     * @return what the probe found
     */
    static Findings probe(S3Bucket bucket, String key) {
        String location = bucket.location(key);
        byte[] created = body(key, "created");
        Attempt first = write(bucket, key, created, r -> r.ifNoneMatch("*"), "create with If-None-Match: *");
        String createOnly = null;
        String etag;
        if (first.outcome() == Outcome.NOT_IMPLEMENTED) {
            createOnly = "If-None-Match: * is rejected (" + first.answer() + "), so manifests and sidecars cannot be"
                    + " created only if absent";
            etag = bucket.put(key, "write the conditional write probe", RequestBody.fromBytes(created)).eTag();
        }
        else {
            etag = first.etag();
        }
        try {
            if (createOnly == null) {
                Attempt second = write(bucket, key, body(key, "created again"), r -> r.ifNoneMatch("*"),
                        "create again with If-None-Match: *");
                if (second.outcome() == Outcome.WRITTEN) {
                    createOnly = "If-None-Match: * is ignored: a second create of " + location + " was not refused,"
                            + " so two writers of one checkpoint id could overwrite each other's manifest and state";
                    etag = second.etag();
                }
                else if (second.outcome() == Outcome.NOT_IMPLEMENTED) {
                    createOnly = "If-None-Match: * is rejected on an existing key (" + second.answer() + ")";
                }
            }
            return new Findings(createOnly, compareAndSwap(bucket, key, etag, location));
        }
        finally {
            delete(bucket, List.of(key));
        }
    }

    /**
     * Deletes probe objects that a failed delete left behind, once they are older than the cutoff
     * (a younger one may be another instance's probe in progress): one LIST, and one DeleteObjects
     * when there are any. Failures are reported (WARN), never thrown: the store works without this.
     * @param bucket the bucket
     * @param listPrefix {@link ObjectLayout#probeListPrefix()}
     * @param cutoff probe objects last modified at or before this instant are deleted
     * @return how many were deleted
     */
    static int removeLeftovers(S3Bucket bucket, String listPrefix, Instant cutoff) {
        List<String> leftovers = new ArrayList<>();
        try {
            bucket.list(listPrefix, "list leftover conditional write probes under", object -> {
                if (object.lastModified() != null && !object.lastModified().isAfter(cutoff)) {
                    leftovers.add(object.key());
                }
            });
        }
        catch (CheckpointStoreException ex) {
            log.warn("Cannot look for leftover conditional write probe objects under {}: {}",
                    bucket.location(listPrefix), ex.getMessage());
            return 0;
        }
        if (leftovers.isEmpty()) {
            return 0;
        }
        List<String> deleted = delete(bucket, leftovers);
        deleted.forEach(key -> log.info("Deleted the leftover conditional write probe object {}", bucket.location(key)));
        return deleted.size();
    }

    private static @Nullable String compareAndSwap(S3Bucket bucket, String key, @Nullable String etag, String location) {
        if (etag == null) {
            etag = bucket.head(key, "read the conditional write probe").map(head -> head.eTag()).orElse(null);
            if (etag == null) {
                return "If-Match cannot be used: the store sent no ETag for " + location;
            }
        }
        String current = etag;
        Attempt swap = write(bucket, key, body(key, "swapped"), r -> r.ifMatch(current),
                "write with If-Match: the current ETag");
        if (swap.outcome() == Outcome.NOT_IMPLEMENTED) {
            return "If-Match is rejected (" + swap.answer() + "), so every save after the first would fail to move"
                    + " the latest pointer";
        }
        if (swap.outcome() == Outcome.REFUSED) {
            return "If-Match is refused even with the current ETag of " + location + ", so every save after the"
                    + " first would fail to move the latest pointer";
        }
        if (current.equals(swap.etag())) {
            return "If-Match cannot fence: the ETag of " + location + " did not change when its content did";
        }
        Attempt stale = write(bucket, key, body(key, "swapped from a stale ETag"), r -> r.ifMatch(current),
                "write with If-Match: a stale ETag");
        if (stale.outcome() == Outcome.WRITTEN) {
            return "If-Match is ignored: a write to " + location + " with a stale ETag was not refused, so a writer"
                    + " that lost a race could move the latest pointer back";
        }
        if (stale.outcome() == Outcome.NOT_IMPLEMENTED) {
            return "If-Match is rejected with a stale ETag (" + stale.answer() + ")";
        }
        return null;
    }

    /**
     * Writes once with a precondition, retried on transient failures. A refusal after a retry may
     * be our own earlier attempt that landed: the object is read, and holding our bytes it counts
     * as written.
     */
    private static Attempt write(S3Bucket bucket, String key, byte[] body, Consumer<PutObjectRequest.Builder> condition,
            String what) {
        AtomicInteger attempts = new AtomicInteger();
        Attempt attempt = bucket.retried("probe conditional writes (" + what + ") with", key, () -> {
            attempts.incrementAndGet();
            try {
                return new Attempt(Outcome.WRITTEN, bucket.putOnce(key, RequestBody.fromBytes(body), condition).eTag(),
                        null);
            }
            catch (RuntimeException ex) {
                if (S3Failures.isNotImplemented(ex)) {
                    return new Attempt(Outcome.NOT_IMPLEMENTED, null, bucket.failures().describe(ex));
                }
                return switch (S3Failures.kind(ex)) {
                    case PRECONDITION_FAILED, CONFLICT -> new Attempt(Outcome.REFUSED, null, null);
                    default -> throw ex;
                };
            }
        });
        if (attempt.outcome() == Outcome.REFUSED && attempts.get() > 1) {
            Optional<S3Bucket.Blob> stored = bucket.get(key, "read the conditional write probe", body.length + 1,
                    size -> new CheckpointStoreException("the conditional write probe " + bucket.location(key) + " is "
                            + size + " bytes, not one the probe wrote"));
            if (stored.isPresent() && Arrays.equals(stored.get().bytes(), body)) {
                return new Attempt(Outcome.WRITTEN, stored.get().etag(), null);
            }
        }
        return attempt;
    }

    /**
     * Deletes probe objects in one request, reporting each that could not be deleted instead of
     * throwing.
     * @return the keys deleted
     */
    private static List<String> delete(S3Bucket bucket, List<String> keys) {
        Map<String, String> failed = new LinkedHashMap<>();
        try {
            for (S3Error error : bucket.deleteAll(keys, "delete the conditional write probe")) {
                failed.put(error.key(), error.code() + " " + error.message());
            }
        }
        catch (CheckpointStoreException ex) {
            keys.forEach(key -> failed.put(key, ex.getMessage()));
        }
        failed.forEach((key, failure) -> log.warn("Cannot delete the conditional write probe object {} ({}). It holds"
                + " no checkpoint data and the store ignores it; a store built on this prefix an hour from now deletes"
                + " it, or delete it by hand.", bucket.location(key), failure));
        return keys.stream().filter(key -> !failed.containsKey(key)).toList();
    }

    private static byte[] body(String key, String step) {
        return ("checkpoint-store conditional write probe " + key + ": " + step).getBytes(StandardCharsets.UTF_8);
    }
}
