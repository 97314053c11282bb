package dev.checkpointstore.spring.actuate.endpoint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

import dev.checkpointstore.core.CheckpointIds;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.CorruptCheckpointException;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.SinkCommitStatus;
import dev.checkpointstore.core.SkippedCheckpoint;
import dev.checkpointstore.core.StateIdentity;
import dev.checkpointstore.core.StoreDescription;
import dev.checkpointstore.core.ValidationResult;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.CheckpointSaveHistory;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointResult;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;

/**
 * The {@code checkpoints} endpoint, modelled on Flink's checkpoint statistics: the store, a page of
 * its checkpoints (sizes, age, sink commits, operators and sources, whether the cached recovery
 * walk found them valid), the recovery walk and a summary of the saves since startup; one
 * checkpoint, or the newest ({@code latest}), with its stored manifest and validation; and, with
 * {@code management.endpoint.checkpoints.access=unrestricted}, orphan cleanup, pruning and, with
 * the checkpoint coordinator, a checkpoint on demand.
 * Listing reads each manifest of the page and the sidecar's metadata ({@code stat}, HEAD), never a
 * sidecar's bytes. Unsigned 64-bit values (ids, epochs, {@code pipeline_hash}) are written as exact
 * JSON integers. HTTP status codes are the {@link CheckpointsEndpointWebExtension}'s.
 */
@Endpoint(id = "checkpoints", defaultAccess = Access.READ_ONLY)
public class CheckpointsEndpoint {

    /** The write action that deletes orphaned state. */
    public static final String CLEANUP_ORPHANS = "cleanup-orphans";

    /** The write action that deletes all but the newest {@code keep} checkpoints. */
    public static final String PRUNE = "prune";

    /** The selector of the newest checkpoint. */
    public static final String LATEST = "latest";

    /** How many checkpoints a page lists when the request does not say. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    /** The most checkpoints one page lists. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** The write action that takes a checkpoint now, through the checkpoint coordinator. */
    public static final String CHECKPOINT = "checkpoint";

    private final CheckpointStore store;
    private final CheckpointInspector inspector;
    private final CheckpointOrphanCleaner cleaner;
    private final @Nullable CheckpointRecovery restored;
    private final @Nullable CheckpointSaveHistory saveHistory;
    private final @Nullable CheckpointCoordinator coordinator;
    private final Clock clock;

    /**
     * Creates the endpoint without a startup recovery, save history or coordinator, on the system clock.
     * @param store the store; the backend, location and retention shown come from its {@link CheckpointStore#describe() description}
     * @param inspector walks and validates with caching
     * @param cleaner runs orphan cleanup
     */
    public CheckpointsEndpoint(CheckpointStore store, CheckpointInspector inspector, CheckpointOrphanCleaner cleaner) {
        this(store, inspector, cleaner, null, Clock.systemUTC());
    }

    /**
     * Creates the endpoint without a save history or coordinator.
     * @param store the store; the backend, location and retention shown come from its {@link CheckpointStore#describe() description}
     * @param inspector walks and validates with caching
     * @param cleaner runs orphan cleanup
     * @param restored the application's startup recovery, or null when there is none
     * @param clock the clock ages are measured by
     */
    public CheckpointsEndpoint(CheckpointStore store, CheckpointInspector inspector, CheckpointOrphanCleaner cleaner,
            @Nullable CheckpointRecovery restored, Clock clock) {
        this(store, inspector, cleaner, restored, null, null, clock);
    }

    /**
     * Creates the endpoint.
     * @param store the store; the backend, location and retention shown come from its {@link CheckpointStore#describe() description}
     * @param inspector walks and validates with caching
     * @param cleaner runs orphan cleanup
     * @param restored the application's startup recovery, or null when there is none
     * @param saveHistory the saves since startup, summarized in the response; null when saves are not
     *     recorded (the auto-configuration records them when metrics are on)
     * @param coordinator the coordinator that takes checkpoints on demand for the {@value #CHECKPOINT}
     *     action, null when there is none
     * @param clock the clock ages are measured by
     */
    public CheckpointsEndpoint(CheckpointStore store, CheckpointInspector inspector, CheckpointOrphanCleaner cleaner,
            @Nullable CheckpointRecovery restored, @Nullable CheckpointSaveHistory saveHistory,
            @Nullable CheckpointCoordinator coordinator, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.cleaner = Objects.requireNonNull(cleaner, "cleaner");
        this.restored = restored;
        this.saveHistory = saveHistory;
        this.coordinator = coordinator;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The store, the newest checkpoints below a cursor, the recovery walk and the save summary.
     * @param limit how many checkpoints to list, 1..{@value #MAX_PAGE_SIZE}; {@value #DEFAULT_PAGE_SIZE}
     *     when absent
     * @param before list only checkpoints with a lower id (an unsigned 64-bit id, the previous
     *     page's {@code nextBefore}); the newest when absent
     * @return the descriptor; its checkpoints are ascending, and {@code nextBefore} is the cursor
     *     of the next (older) page, null on the last
     */
    @ReadOperation
    public StoreDescriptor checkpoints(@Nullable Integer limit, @Nullable String before) {
        int size = pageSize(limit);
        OptionalLong below = before == null ? OptionalLong.empty() : OptionalLong.of(parseId("before", before));
        List<Long> ids = store.listIds();
        int end = below.isPresent() ? lowerBound(ids, below.getAsLong()) : ids.size();
        int start = Math.max(0, end - size);
        RecoveryReport walk = inspector.recovery();
        OptionalLong latest = store.latestId();
        List<CheckpointDescriptor> checkpoints = ids.subList(start, end).stream()
                .map(id -> describe(id, walk))
                .flatMap(Optional::stream)
                .toList();
        StoreDescription description = store.describe();
        return new StoreDescriptor(description.backend(), description.location(), description.vnodeCount(),
                description.maxRetained(),
                latest.isPresent() ? unsigned(latest.getAsLong()) : null, checkpoints,
                start > 0 ? unsigned(ids.get(start)) : null, RecoveryDescriptor.of(walk), summary());
    }

    /**
     * One checkpoint: its sizes and age, its manifest as stored and its validation.
     * @param id an unsigned 64-bit checkpoint id, or {@code latest} for the checkpoint the latest
     *     pointer names (the highest id when there is no pointer)
     * @return the checkpoint, or null when there is none; a corrupt manifest gives
     *     {@code "manifest": null} and the reason in the validation
     */
    @ReadOperation
    public @Nullable ManifestDescriptor checkpoint(@Selector String id) {
        OptionalLong resolved = LATEST.equalsIgnoreCase(id.trim()) ? newestId() : OptionalLong.of(parseId("id", id));
        return resolved.isPresent() ? detail(resolved.getAsLong()) : null;
    }

    private @Nullable ManifestDescriptor detail(long id) {
        Optional<byte[]> bytes;
        Optional<CheckpointManifest> manifest;
        try {
            bytes = store.loadManifestBytes(id);
            manifest = bytes.map(ManifestCodec::decode);
        }
        catch (CorruptCheckpointException ex) {
            return new ManifestDescriptor(unsigned(id), null, stateBytes(id), null, null,
                    ValidationDescriptor.of(inspector.validate(id)));
        }
        if (bytes.isEmpty() || manifest.isEmpty()) {
            return null;
        }
        String json = new String(ManifestCodec.encodeCompact(manifest.get()), StandardCharsets.UTF_8);
        return new ManifestDescriptor(unsigned(id), (long) bytes.get().length, stateBytes(id),
                ageMs(manifest.get().timestampMs()), json, ValidationDescriptor.of(inspector.validate(id)));
    }

    private OptionalLong newestId() {
        OptionalLong latest = store.latestId();
        if (latest.isPresent()) {
            return latest;
        }
        List<Long> ids = store.listIds();
        return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(ids.size() - 1));
    }

    private Optional<CheckpointDescriptor> describe(long id, RecoveryReport walk) {
        byte[] bytes;
        CheckpointManifest manifest;
        try {
            Optional<byte[]> stored = store.loadManifestBytes(id);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            bytes = stored.get();
            manifest = ManifestCodec.decode(bytes);
        }
        catch (CorruptCheckpointException ex) {
            // listed by id only; the recovery walk reports why it cannot be used
            return Optional.empty();
        }
        Map<String, SinkCommitDescriptor> sinks = new LinkedHashMap<>();
        manifest.sinkCommitStatuses().forEach((sink, status) -> sinks.put(sink, SinkCommitDescriptor.of(status)));
        return Optional.of(new CheckpointDescriptor(unsigned(id), unsigned(manifest.epoch()),
                unsigned(manifest.timestampMs()), ageMs(manifest.timestampMs()), bytes.length, stateBytes(id),
                manifest.operatorStates().size(), manifest.sourceOffsets().size(), Collections.unmodifiableMap(sinks),
                validIn(walk, id)));
    }

    private @Nullable Long stateBytes(long id) {
        if (id == 0) {
            return null;
        }
        return store.stateIdentity(id).map(StateIdentity::size).orElse(null);
    }

    private @Nullable Long ageMs(long timestampMs) {
        return timestampMs > 0 ? clock.millis() - timestampMs : null;
    }

    /** True when the walk chose it, false when it skipped it, null when it did not get that far. */
    private static @Nullable Boolean validIn(RecoveryReport walk, long id) {
        if (walk.chosenId().isPresent() && walk.chosenId().getAsLong() == id) {
            return true;
        }
        for (SkippedCheckpoint skipped : walk.skipped()) {
            if (skipped.id() == id) {
                return false;
            }
        }
        return null;
    }

    private SummaryDescriptor summary() {
        RestoredDescriptor restoredDescriptor = restored == null ? null : RestoredDescriptor.of(restored);
        if (saveHistory == null) {
            return new SummaryDescriptor(restoredDescriptor, null, null, null, null);
        }
        CheckpointSaveHistory.Snapshot snapshot = saveHistory.snapshot();
        return new SummaryDescriptor(restoredDescriptor,
                new CountsDescriptor(snapshot.succeeded(), snapshot.failed()),
                new LatestSavesDescriptor(SaveDescriptor.of(snapshot.latestSucceeded()),
                        SaveDescriptor.of(snapshot.latestFailed())),
                StatisticsDescriptor.of(snapshot),
                snapshot.recent().stream().map(SaveDescriptor::of).toList());
    }

    private static int pageSize(@Nullable Integer limit) {
        if (limit == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidEndpointRequestException("limit must be 1.." + MAX_PAGE_SIZE + ", was " + limit,
                    "limit must be 1.." + MAX_PAGE_SIZE);
        }
        return limit;
    }

    /** Parses an unsigned 64-bit id from a request, refusing 0 and anything else. */
    static long parseId(String name, String text) {
        String trimmed = text.trim();
        long id = 0;
        if (!trimmed.isEmpty() && trimmed.charAt(0) != '+') {
            try {
                id = Long.parseUnsignedLong(trimmed);
            }
            catch (NumberFormatException ex) {
                // refused below
            }
        }
        if (id == 0) {
            throw new InvalidEndpointRequestException(name + " must be a checkpoint id, 1.."
                    + Long.toUnsignedString(-1L) + (name.equals("id") ? ", or '" + LATEST + "'" : "") + "; was '"
                    + text + "'", name + " must be a checkpoint id");
        }
        return id;
    }

    /** The index of the first id not below {@code bound}, in ids ascending as unsigned values. */
    private static int lowerBound(List<Long> ascendingIds, long bound) {
        int low = 0;
        int high = ascendingIds.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (CheckpointIds.ORDER.compare(ascendingIds.get(mid), bound) < 0) {
                low = mid + 1;
            }
            else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Runs a maintenance action: {@code cleanup-orphans}, {@code prune} with {@code keep}, or
     * {@code checkpoint} (with the checkpoint coordinator).
     * @param action the action
     * @param keep for {@code prune}: how many of the newest checkpoints to keep, 1 or more
     * @return what was removed, or the checkpoint taken
     */
    @WriteOperation
    public ActionResult maintain(String action, @Nullable Integer keep) {
        String normalized = action.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals(CLEANUP_ORPHANS)) {
            return new ActionResult(CLEANUP_ORPHANS, null, cleaner.cleanup(), null);
        }
        if (normalized.equals(PRUNE)) {
            if (keep == null || keep < 1) {
                String problem = "prune needs \"keep\": how many of the newest checkpoints to keep, 1 or more (the "
                        + "checkpoint the latest pointer names is never pruned); was " + keep;
                throw new InvalidEndpointRequestException(problem, problem);
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
     * The store and a page of its checkpoints.
     * @param backend the backend
     * @param location where the checkpoints are
     * @param vnodeCount the vnode count validated against
     * @param retention how many checkpoints a save keeps, 0 for all
     * @param latestId what the latest pointer names, null when there is none
     * @param checkpoints the page: readable checkpoints, ascending
     * @param nextBefore the {@code before} of the next, older page; null when this page reaches the oldest
     * @param recovery the cached recovery walk
     * @param summary the startup recovery and the saves since startup
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StoreDescriptor(String backend, String location, int vnodeCount, int retention,
            @Nullable Object latestId, List<CheckpointDescriptor> checkpoints, @Nullable Object nextBefore,
            RecoveryDescriptor recovery, SummaryDescriptor summary) {
    }

    /**
     * One checkpoint of the list, from its manifest and its sidecar's metadata.
     * @param id its id
     * @param epoch its epoch
     * @param timestampMs its creation time, ms since the Unix epoch
     * @param ageMs how long ago it was created, by this application's clock; null without a timestamp
     * @param manifestBytes the size of its manifest as stored
     * @param stateBytes the size of its sidecar, null when it has none
     * @param operators how many operators it holds state of
     * @param sources how many sources it holds offsets of
     * @param sinkCommits each sink's commit status of its epoch
     * @param valid whether the cached recovery walk found it valid: true for the checkpoint it chose,
     *     false for those it skipped, null for those it did not examine (older than the chosen one,
     *     or newer than the walk)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CheckpointDescriptor(Object id, Object epoch, Object timestampMs, @Nullable Long ageMs,
            long manifestBytes, @Nullable Long stateBytes, int operators, int sources,
            Map<String, SinkCommitDescriptor> sinkCommits, @Nullable Boolean valid) {
    }

    /**
     * A sink's commit status.
     * @param status {@code pending}, {@code committed} or {@code failed}
     * @param reason why the commit failed, absent otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SinkCommitDescriptor(String status, @Nullable String reason) {

        static SinkCommitDescriptor of(SinkCommitStatus status) {
            if (status instanceof SinkCommitStatus.Failed failed) {
                return new SinkCommitDescriptor("failed", failed.reason());
            }
            return new SinkCommitDescriptor(status instanceof SinkCommitStatus.Committed ? "committed" : "pending",
                    null);
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
     * @param manifestBytes the size of its manifest as stored, null when it cannot be read
     * @param stateBytes the size of its sidecar, null when it has none
     * @param ageMs how long ago it was created, null without a timestamp or a readable manifest
     * @param manifest the manifest's JSON as stored (snake_case, written compactly), null when it cannot be parsed
     * @param validation its validation
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ManifestDescriptor(Object id, @Nullable Long manifestBytes, @Nullable Long stateBytes,
            @Nullable Long ageMs, @JsonRawValue @Nullable String manifest, ValidationDescriptor validation) {
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
     * What happened since startup, as Flink's checkpoint statistics summarize it. The save fields
     * are null when no layer of the store records its saves (a store the application defines
     * itself, or no Micrometer).
     * @param restored the checkpoint the application restored from at startup, null without a startup recovery
     * @param counts how many saves succeeded and failed
     * @param latest the latest successful and failed saves
     * @param statistics percentiles of the recent successful saves
     * @param history the recent save attempts, newest first, failures with their reason
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SummaryDescriptor(@Nullable RestoredDescriptor restored, @Nullable CountsDescriptor counts,
            @Nullable LatestSavesDescriptor latest, @Nullable StatisticsDescriptor statistics,
            @Nullable List<SaveDescriptor> history) {
    }

    /**
     * The startup recovery.
     * @param id the checkpoint restored from, null on a fresh start or when none was valid
     * @param outcome {@code latest}, {@code fallback}, {@code fresh} or {@code none-valid}
     * @param examined how many checkpoint ids the walk listed
     * @param skipped how many newer checkpoints it passed over
     * @param elapsedMs how long the walk took
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RestoredDescriptor(@Nullable Object id, String outcome, int examined, int skipped, long elapsedMs) {

        static RestoredDescriptor of(CheckpointRecovery recovery) {
            RecoveryReport report = recovery.report();
            return new RestoredDescriptor(report.chosenId().isPresent() ? unsigned(report.chosenId().getAsLong()) : null,
                    recovery.outcome().tag(), report.examined(), report.skipped().size(), report.elapsed().toMillis());
        }
    }

    /**
     * Save counts since startup.
     * @param completed saves that succeeded
     * @param failed saves that failed
     */
    public record CountsDescriptor(long completed, long failed) {
    }

    /**
     * The latest saves.
     * @param completed the latest successful save, null before the first
     * @param failed the latest failed save, null before the first
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LatestSavesDescriptor(@Nullable SaveDescriptor completed, @Nullable SaveDescriptor failed) {
    }

    /**
     * Percentiles over the recent successful saves.
     * @param saves how many saves they cover
     * @param stateBytes of the sidecar bytes written
     * @param durationMs of the durations, in milliseconds
     */
    public record StatisticsDescriptor(int saves, SizeStatistics stateBytes, DurationStatistics durationMs) {

        static StatisticsDescriptor of(CheckpointSaveHistory.Snapshot snapshot) {
            CheckpointSaveHistory.Statistics size = snapshot.stateBytes();
            CheckpointSaveHistory.Statistics duration = snapshot.durationNanos();
            return new StatisticsDescriptor(size.count(), new SizeStatistics(size.p50(), size.p99(), size.max()),
                    new DurationStatistics(millis(duration.p50()), millis(duration.p99()), millis(duration.max())));
        }
    }

    /**
     * Size percentiles, in bytes.
     * @param p50 the median
     * @param p99 the 99th percentile
     * @param max the largest
     */
    public record SizeStatistics(long p50, long p99, long max) {
    }

    /**
     * Duration percentiles, in milliseconds.
     * @param p50 the median
     * @param p99 the 99th percentile
     * @param max the longest
     */
    public record DurationStatistics(double p50, double p99, double max) {
    }

    /**
     * One save attempt.
     * @param id the checkpoint it saved, absent when it had no manifest
     * @param status {@code completed} or {@code failed}
     * @param startedAtMs when it started, ms since the Unix epoch
     * @param durationMs how long it took
     * @param stateBytes the sidecar bytes it wrote (or was given, when it failed)
     * @param failure why it failed, absent when it completed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SaveDescriptor(@Nullable Object id, String status, long startedAtMs, double durationMs,
            long stateBytes, @Nullable String failure) {

        static @Nullable SaveDescriptor of(CheckpointSaveHistory.@Nullable SaveAttempt attempt) {
            if (attempt == null) {
                return null;
            }
            return new SaveDescriptor(attempt.checkpointId().isPresent() ? unsigned(attempt.checkpointId().getAsLong())
                    : null, attempt.succeeded() ? "completed" : "failed", attempt.startedAt().toEpochMilli(),
                    millis(attempt.duration().toNanos()), attempt.stateBytes(), attempt.failure());
        }
    }

    /** Nanoseconds as milliseconds, to the microsecond. */
    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
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
