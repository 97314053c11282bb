package dev.checkpointstore.spring.coordinator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;
import dev.checkpointstore.spring.CheckpointRecovery;

/**
 * Takes consistent checkpoints of a running service and restores it from one: the positions of
 * its {@link CheckpointSource sources}, the state of its {@link CheckpointParticipant
 * participants} and the epochs of its {@link TransactionalSink transactional sinks}, in
 * LaminarDB's manifest format.
 *
 * <p>A checkpoint: the {@link CheckpointBarrier} waits until no processing thread is inside a
 * record and holds them there (the cut), the sources' positions and the participants' snapshots
 * are taken and every sink pre-commits epoch {@code N}; processing goes on while the manifest is
 * saved (small state parts inline, large ones in the sidecar) with every sink {@code Pending};
 * then the sinks commit, the manifest is updated to {@code Committed} (or {@code Failed} with the
 * reason) and, when all committed, the sources are told, which for Kafka commits the offsets to
 * the consumer group. One checkpoint runs at a time. Checkpoint ids come from the store: the
 * first is {@link CheckpointRecovery#nextCheckpointId()}, each next one is one more, and the id is
 * also the epoch.
 *
 * <p>{@link #restore} runs once, before processing starts: it restores every source and
 * participant from the chosen checkpoint and aligns each sink with it (commit the epoch it
 * promised, abort later ones), or starts them all fresh.
 *
 * <p>With the starter the coordinator is auto-configured ({@code checkpoint.coordinator.enabled=true}):
 * participant, sink and source beans are registered, restored before any listener container or
 * {@code SmartLifecycle} starts, and checkpointed every {@code checkpoint.coordinator.interval}.
 * It works without Spring as well: build one, add the parts, {@link #restore}, then checkpoint.
 */
public final class CheckpointCoordinator {

    /** The largest state part kept inline in the manifest unless configured otherwise: 16 KiB. */
    public static final int DEFAULT_INLINE_THRESHOLD = 16 * 1024;

    /** How long a cut waits for the threads inside a record unless configured otherwise. */
    public static final Duration DEFAULT_BARRIER_TIMEOUT = Duration.ofMinutes(1);

    private static final Log logger = LogFactory.getLog(CheckpointCoordinator.class);

    private final CheckpointStore store;
    private final CheckpointBarrier barrier = new CheckpointBarrier();
    private final int inlineThreshold;
    private final @Nullable String pipelineId;
    private final @Nullable Long pipelineHash;
    private final Duration barrierTimeout;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, CheckpointParticipant> participants = new LinkedHashMap<>();
    private final Map<String, TransactionalSink> sinks = new LinkedHashMap<>();
    private final Map<String, CheckpointSource> sources = new LinkedHashMap<>();
    private boolean restored;
    private boolean cutTaken;
    private @Nullable CheckpointManifest restoredManifest;
    private long nextId;
    private long passesAtLastCheckpoint;
    private Map<String, ConnectorCheckpoint> lastPositions = Map.of();
    private int taken;
    private volatile @Nullable CheckpointResult lastResult;

    private CheckpointCoordinator(Builder builder) {
        this.store = builder.store;
        this.inlineThreshold = builder.inlineThreshold;
        this.pipelineId = builder.pipelineId;
        this.pipelineHash = builder.pipelineId == null ? null : pipelineHash(builder.pipelineId);
        this.barrierTimeout = builder.barrierTimeout;
        this.clock = builder.clock;
        this.publisher = builder.publisher;
    }

    /**
     * A builder for a coordinator over a store.
     * @param store where checkpoints are saved and restored from
     * @return the builder
     */
    public static Builder builder(CheckpointStore store) {
        return new Builder(store);
    }

    /**
     * The {@code pipeline_hash} of a pipeline id: FNV-1a (64 bit) of its UTF-8 bytes.
     * @param pipelineId the id
     * @return the hash, an unsigned 64-bit value
     */
    public static long pipelineHash(String pipelineId) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : pipelineId.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return hash;
    }

    /**
     * Registers a participant. Participants are registered before {@link #restore}.
     * @param participant the participant
     * @return this coordinator
     * @throws IllegalArgumentException when its name is empty, contains {@code /} or is taken
     * @throws IllegalStateException after {@link #restore}
     */
    public CheckpointCoordinator addParticipant(CheckpointParticipant participant) {
        String name = participant.name();
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a checkpoint participant's name must not be empty or contain '/', was '"
                    + name + "' (" + participant.getClass().getName() + ")");
        }
        register("participant", name, participant, participants, false);
        return this;
    }

    /**
     * Registers a transactional sink. Sinks are registered before {@link #restore}.
     * @param sink the sink
     * @return this coordinator
     * @throws IllegalArgumentException when its name is empty or taken
     * @throws IllegalStateException after {@link #restore}
     */
    public CheckpointCoordinator addSink(TransactionalSink sink) {
        register("sink", requireName(sink.name(), sink), sink, sinks, false);
        return this;
    }

    /**
     * Registers a source. A source registered after {@link #restore} (as the Kafka listener
     * containers are, just before they start) is restored at once; once the first checkpoint has
     * been cut no source can be added.
     * @param source the source
     * @return this coordinator
     * @throws IllegalArgumentException when its name is empty or taken
     * @throws IllegalStateException once a checkpoint has been cut
     */
    public CheckpointCoordinator addSource(CheckpointSource source) {
        register("source", requireName(source.name(), source), source, sources, true);
        return this;
    }

    private static String requireName(@Nullable String name, Object owner) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a name must not be empty (" + owner.getClass().getName() + ")");
        }
        return name;
    }

    private <T> void register(String kind, String name, T part, Map<String, T> registry, boolean lateAllowed) {
        lock.lock();
        try {
            if (restored && !lateAllowed) {
                throw new IllegalStateException("the checkpoint " + kind + " '" + name + "' must be registered before "
                        + "the coordinator restores");
            }
            if (cutTaken) {
                throw new IllegalStateException("the checkpoint " + kind + " '" + name + "' must be registered before "
                        + "the first checkpoint");
            }
            T existing = registry.putIfAbsent(name, part);
            if (existing != null && existing != part) {
                throw new IllegalArgumentException("two checkpoint " + kind + "s are named '" + name + "': "
                        + existing.getClass().getName() + " and " + part.getClass().getName());
            }
            if (restored && part instanceof CheckpointSource source) {
                restoreSource(source);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Restores from the startup recovery.
     * @param recovery the recovery the starter made at startup
     * @see #restore(Optional, long)
     */
    public void restore(CheckpointRecovery recovery) {
        restore(recovery.manifest(), recovery.nextCheckpointId());
    }

    /**
     * Restores every registered source and participant from a checkpoint and aligns every sink
     * with it, or starts them all fresh. Call once, before processing starts.
     * @param chosen the checkpoint to restore (the newest valid one), empty for a fresh start
     * @param nextCheckpointId the id of the first checkpoint to take: the store's
     *     {@link CheckpointStore#nextCheckpointId()} at startup, past the chosen one
     * @throws CheckpointRestoreException when the checkpoint belongs to another pipeline, or a
     *     source, participant or sink cannot take it
     * @throws IllegalStateException when called twice
     * @throws IllegalArgumentException when the next id is not past the chosen checkpoint
     */
    public void restore(Optional<CheckpointManifest> chosen, long nextCheckpointId) {
        lock.lock();
        try {
            if (restored) {
                throw new IllegalStateException("the checkpoint coordinator has already restored");
            }
            if (nextCheckpointId == 0 || chosen.isPresent()
                    && Long.compareUnsigned(nextCheckpointId, chosen.get().checkpointId()) <= 0) {
                throw new IllegalArgumentException("the next checkpoint id must be past the restored checkpoint, was "
                        + Long.toUnsignedString(nextCheckpointId));
            }
            if (chosen.isPresent()) {
                restoreFrom(chosen.get());
            }
            else {
                startFresh();
            }
            nextId = nextCheckpointId;
            passesAtLastCheckpoint = barrier.passes();
            restored = true;
        }
        finally {
            lock.unlock();
        }
    }

    private void restoreFrom(CheckpointManifest manifest) {
        String id = Long.toUnsignedString(manifest.checkpointId());
        checkPipeline(manifest, id);
        restoredManifest = manifest;
        sources.values().forEach(this::restoreSource);
        for (CheckpointParticipant participant : participants.values()) {
            try {
                participant.restore(RestoredState.of(store, manifest, participant.name()));
            }
            catch (RuntimeException ex) {
                throw new CheckpointRestoreException("checkpoint participant '" + participant.name()
                        + "' cannot restore checkpoint " + id + " from " + store.location() + ": " + ex.getMessage(), ex);
            }
        }
        Map<String, SinkCommitStatus> statuses = new LinkedHashMap<>(manifest.sinkCommitStatuses());
        boolean statusesChanged = false;
        for (TransactionalSink sink : sinks.values()) {
            Long promised = manifest.sinkEpochs().get(sink.name());
            long epoch = promised != null ? promised : manifest.epoch();
            try {
                if (promised != null) {
                    sink.commit(promised);
                }
                sink.abort(epoch + 1);
            }
            catch (RuntimeException ex) {
                throw new CheckpointRestoreException("transactional sink '" + sink.name() + "' cannot be aligned with "
                        + "checkpoint " + id + " from " + store.location() + " (commit epoch " + epoch
                        + ", abort later ones): " + ex.getMessage(), ex);
            }
            if (promised != null && !(statuses.get(sink.name()) instanceof SinkCommitStatus.Committed)) {
                statuses.put(sink.name(), SinkCommitStatus.COMMITTED);
                statusesChanged = true;
            }
        }
        if (statusesChanged) {
            try {
                store.updateManifest(manifest.toBuilder().sinkCommitStatuses(statuses).build());
            }
            catch (RuntimeException ex) {
                logger.warn("Could not record the sinks of checkpoint " + id + " as Committed in " + store.location()
                        + "; they are committed again at the next start", ex);
            }
        }
        lastPositions = manifest.sourceOffsets();
        logger.info("Restored checkpoint " + id + " from " + store.location() + ": participants "
                + participants.keySet() + ", sinks " + sinks.keySet() + " at epoch " + Long.toUnsignedString(manifest.epoch())
                + ", sources " + manifest.sourceOffsets().keySet() + " (each as it registers)");
    }

    private void checkPipeline(CheckpointManifest manifest, String id) {
        if (pipelineHash == null) {
            return;
        }
        OptionalLong stored = manifest.pipelineHash();
        if (stored.isEmpty() || stored.getAsLong() != pipelineHash) {
            throw new CheckpointRestoreException("checkpoint " + id + " in " + store.location()
                    + " was written by another pipeline: its pipeline_hash is "
                    + (stored.isPresent() ? Long.toUnsignedString(stored.getAsLong()) : "missing")
                    + ", while checkpoint.coordinator.pipeline-id '" + pipelineId + "' hashes to "
                    + Long.toUnsignedString(pipelineHash) + ". Run with the pipeline id it was written with, or remove "
                    + "the checkpoints (and the sinks' output) to start over.");
        }
    }

    private void startFresh() {
        sources.values().forEach(this::restoreSource);
        participants.values().forEach(participant -> participant.restore(RestoredState.fresh(participant.name())));
        for (TransactionalSink sink : sinks.values()) {
            try {
                sink.abort(1);
            }
            catch (RuntimeException ex) {
                throw new CheckpointRestoreException("transactional sink '" + sink.name() + "' cannot start fresh "
                        + "(abort every epoch): " + ex.getMessage(), ex);
            }
        }
        logger.info("No checkpoint to restore in " + store.location() + ": participants " + participants.keySet()
                + ", sinks " + sinks.keySet() + " and every source start fresh");
    }

    private void restoreSource(CheckpointSource source) {
        ConnectorCheckpoint position = restoredManifest == null ? null
                : restoredManifest.sourceOffsets().get(source.name());
        try {
            source.restore(Optional.ofNullable(position));
        }
        catch (RuntimeException ex) {
            throw new CheckpointRestoreException("checkpoint source '" + source.name() + "' cannot restore "
                    + (restoredManifest == null ? "a fresh start"
                            : "checkpoint " + Long.toUnsignedString(restoredManifest.checkpointId()) + " from "
                                    + store.location())
                    + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Takes a checkpoint now, whether or not anything was processed since the last one, and
     * returns once it is saved and its sinks committed. Call it from any thread but one that is
     * processing a record (it would wait for itself).
     * @return the checkpoint
     * @throws CheckpointFailedException when it could not be taken or saved
     */
    public CheckpointResult checkpoint() {
        return checkpoint(CheckpointTrigger.API);
    }

    /**
     * Takes a checkpoint now, whether or not anything was processed since the last one.
     * @param trigger what asks for it, as reported in its result
     * @return the checkpoint
     * @throws CheckpointFailedException when it could not be taken or saved
     */
    public CheckpointResult checkpoint(CheckpointTrigger trigger) {
        return take(trigger, true).orElseThrow();
    }

    /**
     * Takes a checkpoint when records were processed, or source positions moved, since the last
     * one (or since the restore).
     * @param trigger what asks for it
     * @return the checkpoint, empty when there was nothing new
     * @throws CheckpointFailedException when it could not be taken or saved
     */
    public Optional<CheckpointResult> checkpointIfProgress(CheckpointTrigger trigger) {
        return take(trigger, false);
    }

    private Optional<CheckpointResult> take(CheckpointTrigger trigger, boolean force) {
        Objects.requireNonNull(trigger, "trigger");
        long started = System.nanoTime();
        try {
            lock.lockInterruptibly();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CheckpointFailedException("interrupted while waiting for the previous checkpoint", ex);
        }
        try {
            if (!restored) {
                throw new IllegalStateException("the checkpoint coordinator has not restored yet");
            }
            long id = nextId;
            if (id == 0) {
                throw new CheckpointFailedException("checkpoint ids are exhausted: the last one was 2^64-1");
            }
            Cut cut;
            long cutStarted = System.nanoTime();
            try {
                cut = barrier.cut(barrierTimeout, () -> cut(id, force, cutStarted));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new CheckpointFailedException("interrupted while waiting for the processing threads", ex);
            }
            if (cut == null) {
                return Optional.empty();
            }
            return Optional.of(complete(id, trigger, cut, started));
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Under the barrier: the positions, snapshots and pre-commits of checkpoint {@code id}. The
     * stall runs from {@code cutStarted}, when the processing threads began to be held, to the end
     * of the pre-commits, when they are let go.
     */
    private @Nullable Cut cut(long id, boolean force, long cutStarted) {
        long passes = barrier.passes();
        Map<String, ConnectorCheckpoint> positions = new LinkedHashMap<>();
        for (CheckpointSource source : sources.values()) {
            positions.put(source.name(), new ConnectorCheckpoint(source.offsets(), id, source.metadata()));
        }
        if (!force && passes == passesAtLastCheckpoint && samePositions(positions)) {
            return null;
        }
        cutTaken = true;
        nextId = id + 1;
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (CheckpointParticipant participant : participants.values()) {
            StateSnapshot snapshot;
            try {
                snapshot = participant.snapshot();
            }
            catch (RuntimeException ex) {
                throw new CheckpointFailedException("checkpoint participant '" + participant.name()
                        + "' failed to snapshot its state for checkpoint " + Long.toUnsignedString(id), ex);
            }
            snapshot.parts().forEach((part, bytes) -> parts.put(RestoredState.operatorKey(participant.name(), part),
                    bytes));
        }
        for (TransactionalSink sink : sinks.values()) {
            try {
                sink.preCommit(id);
            }
            catch (RuntimeException ex) {
                throw new CheckpointFailedException("transactional sink '" + sink.name() + "' failed to pre-commit epoch "
                        + Long.toUnsignedString(id), ex);
            }
        }
        return new Cut(positions, parts, passes, System.nanoTime() - cutStarted);
    }

    private boolean samePositions(Map<String, ConnectorCheckpoint> positions) {
        for (Map.Entry<String, ConnectorCheckpoint> entry : positions.entrySet()) {
            ConnectorCheckpoint last = lastPositions.get(entry.getKey());
            if (last == null ? !entry.getValue().offsets().isEmpty() : !last.offsets().equals(entry.getValue().offsets())) {
                return false;
            }
        }
        return true;
    }

    private CheckpointResult complete(long id, CheckpointTrigger trigger, Cut cut, long started) {
        String idText = Long.toUnsignedString(id);
        StateLayout layout = new StateLayout(cut.parts(), inlineThreshold);
        CheckpointManifest.Builder manifest = CheckpointManifest.builder()
                .checkpointId(id)
                .epoch(id)
                .timestampMs(clock.millis())
                .sourceOffsets(cut.positions())
                .sourceNames(List.copyOf(cut.positions().keySet()))
                .operatorStates(layout.operatorStates())
                .sinkNames(List.copyOf(sinks.keySet()))
                .pipelineHash(pipelineHash)
                .vnodeCount(store.vnodeCount());
        for (String sink : sinks.keySet()) {
            manifest.putSinkEpoch(sink, id).putSinkCommitStatus(sink, SinkCommitStatus.PENDING);
        }
        try {
            store.saveWithState(manifest.build(), layout.sidecarOrNull());
        }
        catch (RuntimeException ex) {
            throw new CheckpointFailedException("checkpoint " + idText + " could not be saved to " + store.location()
                    + "; what it held goes into the next checkpoint: " + ex.getMessage(), ex);
        }
        lastPositions = cut.positions();
        passesAtLastCheckpoint = cut.passes();
        taken++;
        Map<String, SinkCommitStatus> statuses = commitSinks(id);
        boolean recorded = statuses.isEmpty() || recordStatuses(id, statuses);
        boolean committed = recorded && statuses.values().stream().allMatch(SinkCommitStatus.Committed.class::isInstance);
        CheckpointResult result = new CheckpointResult(id, id, trigger, cut.positions(), statuses, committed,
                layout.inlineBytes(), layout.sidecarBytes(), Duration.ofNanos(cut.stallNanos()),
                Duration.ofNanos(System.nanoTime() - started));
        lastResult = result;
        if (committed) {
            for (CheckpointSource source : sources.values()) {
                try {
                    source.committed(id, cut.positions().get(source.name()));
                }
                catch (RuntimeException ex) {
                    logger.warn("Checkpoint source '" + source.name() + "' failed to take note of committed checkpoint "
                            + idText, ex);
                }
            }
        }
        if (logger.isInfoEnabled()) {
            logger.info("Checkpoint " + idText + " (" + trigger.name().toLowerCase(java.util.Locale.ROOT) + ") saved to "
                    + store.location() + ": " + layout.inlineBytes() + " B inline, " + layout.sidecarBytes()
                    + " B in the sidecar; sinks " + describe(statuses) + "; processing held " + result.stall().toMillis()
                    + " ms, " + result.elapsed().toMillis() + " ms in all");
        }
        publisher.publishEvent(new CheckpointCompletedEvent(this, result));
        return result;
    }

    private static String describe(Map<String, SinkCommitStatus> statuses) {
        StringBuilder text = new StringBuilder("{");
        statuses.forEach((sink, status) -> text.append(text.length() > 1 ? ", " : "").append(sink).append('=')
                .append(status instanceof SinkCommitStatus.Failed failed ? "Failed(" + failed.reason() + ")"
                        : status.getClass().getSimpleName()));
        return text.append('}').toString();
    }

    private Map<String, SinkCommitStatus> commitSinks(long id) {
        Map<String, SinkCommitStatus> statuses = new LinkedHashMap<>();
        for (TransactionalSink sink : sinks.values()) {
            try {
                sink.commit(id);
                statuses.put(sink.name(), SinkCommitStatus.COMMITTED);
            }
            catch (RuntimeException ex) {
                String reason = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getName();
                statuses.put(sink.name(), SinkCommitStatus.failed(reason));
                logger.error("Transactional sink '" + sink.name() + "' failed to commit epoch " + Long.toUnsignedString(id)
                        + "; the next checkpoint's commit covers it, and the sources are not told until then", ex);
            }
        }
        return statuses;
    }

    private boolean recordStatuses(long id, Map<String, SinkCommitStatus> statuses) {
        try {
            CheckpointManifest saved = store.loadById(id).orElseThrow(() -> new IllegalStateException(
                    "its manifest is gone right after it was saved"));
            store.updateManifest(saved.toBuilder().sinkCommitStatuses(statuses).build());
            return true;
        }
        catch (RuntimeException ex) {
            logger.warn("Could not record the sink commit statuses " + describe(statuses) + " of checkpoint "
                    + Long.toUnsignedString(id) + " in " + store.location() + "; it stays Pending there, and the "
                    + "sources are not told it was committed", ex);
            return false;
        }
    }

    /**
     * The barrier that cuts checkpoints between records; a source that runs its own threads
     * brackets each record or batch with its {@link CheckpointBarrier#enter()} and
     * {@link CheckpointBarrier#exit()}.
     * @return the barrier
     */
    public CheckpointBarrier barrier() {
        return barrier;
    }

    /**
     * The store checkpoints go to.
     * @return the store
     */
    public CheckpointStore store() {
        return store;
    }

    /**
     * Whether {@link #restore} has run.
     * @return true once restored
     */
    public boolean isRestored() {
        lock.lock();
        try {
            return restored;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The checkpoint the coordinator restored from.
     * @return its id, empty before {@link #restore} and on a fresh start
     */
    public OptionalLong restoredCheckpointId() {
        lock.lock();
        try {
            return restoredManifest == null ? OptionalLong.empty() : OptionalLong.of(restoredManifest.checkpointId());
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The last checkpoint this coordinator took.
     * @return it, empty before the first
     */
    public Optional<CheckpointResult> lastCheckpoint() {
        return Optional.ofNullable(lastResult);
    }

    /**
     * How many checkpoints this coordinator saved.
     * @return the count since it was created
     */
    public int checkpointsTaken() {
        lock.lock();
        try {
            return taken;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The registered sources.
     * @return the sources by name, a copy
     */
    public Map<String, CheckpointSource> sources() {
        lock.lock();
        try {
            return Map.copyOf(sources);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The registered participants' names.
     * @return the names in registration order
     */
    public List<String> participantNames() {
        lock.lock();
        try {
            return new ArrayList<>(participants.keySet());
        }
        finally {
            lock.unlock();
        }
    }

    /** What the cut captured. */
    private record Cut(Map<String, ConnectorCheckpoint> positions, Map<String, byte[]> parts, long passes,
            long stallNanos) {
    }

    /** Builds a {@link CheckpointCoordinator}. */
    public static final class Builder {

        private final CheckpointStore store;
        private int inlineThreshold = DEFAULT_INLINE_THRESHOLD;
        private @Nullable String pipelineId;
        private Duration barrierTimeout = DEFAULT_BARRIER_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private ApplicationEventPublisher publisher = event -> {
        };

        private Builder(CheckpointStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The largest state part stored inline in the manifest; larger parts go to the sidecar.
         * @param bytes the threshold, 0 or more
         * @return this builder
         */
        public Builder inlineThreshold(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("the inline threshold must not be negative, was " + bytes);
            }
            this.inlineThreshold = bytes;
            return this;
        }

        /**
         * Identifies what the checkpoints mean (the pipeline's sources, operators and settings):
         * its hash is stored as {@code pipeline_hash}, and a checkpoint with another hash is not
         * restored.
         * @param pipelineId the id, or null to store no hash and accept any checkpoint
         * @return this builder
         */
        public Builder pipelineId(@Nullable String pipelineId) {
            if (pipelineId != null && pipelineId.isBlank()) {
                throw new IllegalArgumentException("the pipeline id must not be blank");
            }
            this.pipelineId = pipelineId;
            return this;
        }

        /**
         * How long a checkpoint waits for the threads processing a record to finish it.
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder barrierTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("the barrier timeout must be positive, was " + timeout);
            }
            this.barrierTimeout = timeout;
            return this;
        }

        /**
         * The clock for manifest timestamps.
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where {@link CheckpointCompletedEvent}s go.
         * @param publisher the publisher, such as the application context
         * @return this builder
         */
        public Builder eventPublisher(ApplicationEventPublisher publisher) {
            this.publisher = Objects.requireNonNull(publisher, "publisher");
            return this;
        }

        /**
         * Builds the coordinator.
         * @return the coordinator, ready for parts to be added
         */
        public CheckpointCoordinator build() {
            return new CheckpointCoordinator(this);
        }
    }
}
