package dev.checkpointstore.spring.actuate.endpoint;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CheckpointSummary;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.SinkCommitStatus;
import dev.checkpointstore.core.ValidationResult;
import dev.checkpointstore.spring.CheckpointBackend;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointResult;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;

/**
 * The {@code checkpoints} endpoint: the store, its checkpoints and the (cached) recovery walk;
 * one checkpoint's stored manifest and validation; and, with
 * {@code management.endpoint.checkpoints.access=unrestricted}, orphan cleanup, pruning and, with
 * the checkpoint coordinator, a checkpoint on demand.
 * Unsigned 64-bit values (ids, epochs, {@code pipeline_hash}) are written as exact JSON integers.
 */
@Endpoint(id = "checkpoints", defaultAccess = Access.READ_ONLY)
public class CheckpointsEndpoint {

    /** The write action that deletes orphaned state. */
    public static final String CLEANUP_ORPHANS = "cleanup-orphans";

    /** The write action that deletes all but the newest {@code keep} checkpoints. */
    public static final String PRUNE = "prune";

    /** The write action that takes a checkpoint now, through the checkpoint coordinator. */
    public static final String CHECKPOINT = "checkpoint";

    private final CheckpointStore store;
    private final CheckpointInspector inspector;
    private final CheckpointOrphanCleaner cleaner;
    private final String backend;
    private final int retention;
    private final @Nullable CheckpointCoordinator coordinator;

    /**
     * Creates the endpoint.
     * @param store the store
     * @param inspector walks and validates with caching
     * @param cleaner runs orphan cleanup
     * @param backend the backend's name, such as {@code filesystem}
     * @param retention how many checkpoints a save keeps, 0 for all
     */
    public CheckpointsEndpoint(CheckpointStore store, CheckpointInspector inspector, CheckpointOrphanCleaner cleaner,
            String backend, int retention) {
        this(store, inspector, cleaner, backend, retention, null);
    }

    /**
     * Creates the endpoint with the checkpoint coordinator, for the {@value #CHECKPOINT} action.
     * @param store the store
     * @param inspector walks and validates with caching
     * @param cleaner runs orphan cleanup
     * @param backend the backend's name, such as {@code filesystem}
     * @param retention how many checkpoints a save keeps, 0 for all
     * @param coordinator the coordinator that takes checkpoints on demand, null when there is none
     */
    public CheckpointsEndpoint(CheckpointStore store, CheckpointInspector inspector, CheckpointOrphanCleaner cleaner,
            String backend, int retention, @Nullable CheckpointCoordinator coordinator) {
        this.coordinator = coordinator;
        this.store = Objects.requireNonNull(store, "store");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.cleaner = Objects.requireNonNull(cleaner, "cleaner");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.retention = retention;
    }

    /**
     * The store and its checkpoints.
     * @return the backend, location, vnode count, retention, latest id, checkpoints ascending and the recovery walk
     */
    @ReadOperation
    public StoreDescriptor checkpoints() {
        OptionalLong latest = store.latestId();
        List<CheckpointDescriptor> checkpoints = store.list().stream().map(CheckpointDescriptor::of).toList();
        return new StoreDescriptor(backend, store.location(), store.vnodeCount(), retention,
                latest.isPresent() ? unsigned(latest.getAsLong()) : null, checkpoints,
                RecoveryDescriptor.of(inspector.recovery()));
    }

    /**
     * One checkpoint: its manifest as stored and its validation.
     * @param id the checkpoint id
     * @return the checkpoint, or 404 when there is none; a corrupt manifest gives {@code "manifest": null}
     *     and the reason in the validation
     */
    @ReadOperation
    public WebEndpointResponse<ManifestDescriptor> checkpoint(@Selector long id) {
        if (id <= 0) {
            throw new InvalidEndpointRequestException("checkpoint id must be positive, was " + id,
                    "checkpoint id must be positive");
        }
        Optional<CheckpointManifest> manifest;
        try {
            manifest = store.loadById(id);
        }
        catch (CorruptCheckpointException ex) {
            return new WebEndpointResponse<>(new ManifestDescriptor(unsigned(id), null,
                    ValidationDescriptor.of(inspector.validate(id))));
        }
        if (manifest.isEmpty()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        String json = CompactJson.compact(ManifestCodec.encode(manifest.get()));
        return new WebEndpointResponse<>(new ManifestDescriptor(unsigned(id), json,
                ValidationDescriptor.of(inspector.validate(id))));
    }

    /**
     * Runs a maintenance action: {@code cleanup-orphans}, {@code prune} with {@code keep}, or
     * {@code checkpoint} (with the checkpoint coordinator).
     * @param action the action
     * @param keep for {@code prune}: how many of the newest checkpoints to keep, 0 or more
     * @return what was removed, or the checkpoint taken
     */
    @WriteOperation
    public ActionResult maintain(String action, @Nullable Integer keep) {
        String normalized = action.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals(CLEANUP_ORPHANS)) {
            return new ActionResult(CLEANUP_ORPHANS, null, cleaner.cleanup(), null);
        }
        if (normalized.equals(PRUNE)) {
            if (keep == null || keep < 0) {
                throw new InvalidEndpointRequestException("prune needs \"keep\": how many of the newest checkpoints "
                        + "to keep, 0 or more; was " + keep, "prune needs a \"keep\" of 0 or more");
            }
            List<Long> before = store.listIds();
            int removed = store.prune(keep);
            Set<Long> after = new HashSet<>(store.listIds());
            inspector.invalidate();
            List<Object> removedIds = before.stream().filter(id -> !after.contains(id))
                    .map(CheckpointsEndpoint::unsigned).toList();
            return new ActionResult(PRUNE, keep, removed, removedIds);
        }
        if (normalized.equals(CHECKPOINT)) {
            if (coordinator == null) {
                throw new InvalidEndpointRequestException("there is no checkpoint coordinator to take a checkpoint: "
                        + "set checkpoint.coordinator.enabled=true", "no checkpoint coordinator");
            }
            CheckpointResult result = coordinator.checkpoint(CheckpointTrigger.ENDPOINT);
            inspector.invalidate();
            return new ActionResult(CHECKPOINT, null, null, null, TakenDescriptor.of(result));
        }
        throw new InvalidEndpointRequestException("unknown action '" + action + "': use \"" + CLEANUP_ORPHANS
                + "\", \"" + PRUNE + "\" with \"keep\", or \"" + CHECKPOINT + "\"", "unknown action");
    }

    /**
     * An unsigned 64-bit value as a JSON number: a long when it fits, else a BigInteger.
     */
    static Object unsigned(long value) {
        return value >= 0 ? (Object) value : new BigInteger(Long.toUnsignedString(value));
    }

    /**
     * The store and its checkpoints.
     * @param backend the backend
     * @param location where the checkpoints are
     * @param vnodeCount the vnode count validated against
     * @param retention how many checkpoints a save keeps, 0 for all
     * @param latestId what the latest pointer names, null when there is none
     * @param checkpoints every readable checkpoint, ascending
     * @param recovery the cached recovery walk
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StoreDescriptor(String backend, String location, int vnodeCount, int retention,
            @Nullable Object latestId, List<CheckpointDescriptor> checkpoints, RecoveryDescriptor recovery) {
    }

    /**
     * One checkpoint of the list.
     * @param id its id
     * @param epoch its epoch
     * @param timestampMs its creation time, ms since the Unix epoch
     */
    public record CheckpointDescriptor(Object id, Object epoch, Object timestampMs) {

        static CheckpointDescriptor of(CheckpointSummary summary) {
            return new CheckpointDescriptor(unsigned(summary.id()), unsigned(summary.epoch()),
                    unsigned(summary.timestampMs()));
        }
    }

    /**
     * A recovery walk.
     * @param chosenId the checkpoint recovery chooses, null when none is valid or there is none
     * @param examined how many checkpoints were validated
     * @param elapsedMs how long the walk took
     * @param skipped the newer checkpoints passed over
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RecoveryDescriptor(@Nullable Object chosenId, int examined, long elapsedMs,
            List<SkippedDescriptor> skipped) {

        static RecoveryDescriptor of(RecoveryReport report) {
            return new RecoveryDescriptor(
                    report.chosenId().isPresent() ? unsigned(report.chosenId().getAsLong()) : null,
                    report.examined(), report.elapsed().toMillis(),
                    report.skipped().stream().map(s -> new SkippedDescriptor(unsigned(s.id()), s.reason())).toList());
        }
    }

    /**
     * A checkpoint recovery passed over.
     * @param id its id
     * @param reason its fatal issues
     */
    public record SkippedDescriptor(Object id, String reason) {
    }

    /**
     * One checkpoint in detail.
     * @param id its id
     * @param manifest the manifest's JSON as stored (snake_case, written compactly), null when it cannot be parsed
     * @param validation its validation
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ManifestDescriptor(Object id, @JsonRawValue @Nullable String manifest,
            ValidationDescriptor validation) {
    }

    /**
     * A validation result.
     * @param valid whether the checkpoint can be recovered from
     * @param issues fatal issues and warnings
     */
    public record ValidationDescriptor(boolean valid, List<IssueDescriptor> issues) {

        static ValidationDescriptor of(ValidationResult result) {
            return new ValidationDescriptor(result.valid(),
                    result.issues().stream().map(i -> new IssueDescriptor(i.fatal(), i.message())).toList());
        }
    }

    /**
     * One validation finding.
     * @param fatal whether it makes the checkpoint unusable
     * @param message what was found
     */
    public record IssueDescriptor(boolean fatal, String message) {
    }

    /**
     * What a maintenance action did.
     * @param action the action
     * @param keep for prune, how many checkpoints were kept at most
     * @param removed for prune and orphan cleanup, how many checkpoints or orphans were deleted
     * @param removedIds for prune, the ids deleted
     * @param checkpoint for checkpoint, the checkpoint taken
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionResult(String action, @Nullable Integer keep, @Nullable Integer removed,
            @Nullable List<Object> removedIds, @Nullable TakenDescriptor checkpoint) {

        /**
         * A result of prune or orphan cleanup.
         * @param action the action
         * @param keep for prune, how many checkpoints were kept at most
         * @param removed how many checkpoints or orphans were deleted
         * @param removedIds for prune, the ids deleted
         */
        public ActionResult(String action, @Nullable Integer keep, int removed, @Nullable List<Object> removedIds) {
            this(action, keep, removed, removedIds, null);
        }
    }

    /**
     * A checkpoint taken on demand.
     * @param id its id
     * @param committed whether it was saved and every sink committed
     * @param sinks each sink's commit status: {@code Committed}, or {@code Failed: reason}
     */
    public record TakenDescriptor(Object id, boolean committed, Map<String, String> sinks) {

        static TakenDescriptor of(CheckpointResult result) {
            Map<String, String> sinks = new TreeMap<>();
            result.sinkStatuses().forEach((sink, status) -> sinks.put(sink,
                    status instanceof SinkCommitStatus.Failed failed
                            ? "Failed: " + failed.reason() : status.getClass().getSimpleName()));
            return new TakenDescriptor(unsigned(result.checkpointId()), result.committed(), sinks);
        }
    }
}
