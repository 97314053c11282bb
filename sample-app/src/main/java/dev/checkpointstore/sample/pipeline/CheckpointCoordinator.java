package dev.checkpointstore.sample.pipeline;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;

/**
 * Takes consistent checkpoints of the single-threaded pipeline and restores it from one.
 *
 * <p>A checkpoint, taken between two events: the sink pre-commits its epoch, the manifest is
 * saved with the source offset, the operator state (small parts inline, large parts in the
 * sidecar, one chunk each) and the sink epoch marked {@code Pending}; then the sink commits and
 * the manifest is updated to {@code Committed}. Checkpoint ids and epochs are equal and only grow;
 * after a restart they continue from the store's next checkpoint id, past whatever a save that
 * died halfway left behind.
 *
 * <p>Logs one line per saved checkpoint ({@code checkpoint saved: id=N offset=O ...}) and one per
 * restore ({@code restored checkpoint: id=N offset=O ...} or {@code no checkpoint to restore ...}).
 */
public final class CheckpointCoordinator {

    private static final Logger log = LoggerFactory.getLogger(CheckpointCoordinator.class);

    private final CheckpointStore store;
    private final EventStream stream;
    private final GeneratorSource source;
    private final CountingOperator operator;
    private final EpochFileSink sink;
    private final OperatorStateCodec codec;
    private final int inlineThreshold;
    private final Clock clock;
    private final long pipelineHash;
    private long nextId = 1;
    private long checkpointedPosition;
    private int taken;

    /**
     * Creates a coordinator.
     * @param store where checkpoints go
     * @param stream the stream the source reads
     * @param source the source
     * @param operator the operator
     * @param sink the sink
     * @param codec how operator state is split and serialized
     * @param inlineThreshold the largest state part kept inline in the manifest, in bytes
     * @param clock the clock for manifest timestamps
     */
    public CheckpointCoordinator(CheckpointStore store, EventStream stream, GeneratorSource source,
            CountingOperator operator, EpochFileSink sink, OperatorStateCodec codec, int inlineThreshold, Clock clock) {
        if (inlineThreshold < 0) {
            throw new IllegalArgumentException("inline threshold must not be negative, was " + inlineThreshold);
        }
        this.store = store;
        this.stream = stream;
        this.source = source;
        this.operator = operator;
        this.sink = sink;
        this.codec = codec;
        this.inlineThreshold = inlineThreshold;
        this.clock = clock;
        this.pipelineHash = pipelineHash(stream, codec);
    }

    /**
     * Identifies what the checkpoints of a pipeline mean: the stream and the state layout. A
     * checkpoint with another hash cannot be restored into this pipeline.
     * @param stream the stream
     * @param codec the state codec
     * @return the hash, an unsigned 64-bit value
     */
    public static long pipelineHash(EventStream stream, OperatorStateCodec codec) {
        String identity = "checkpoint-sample/1 total=" + stream.total() + " keys=" + stream.keys() + " keyGrowth="
                + EventStream.EVENTS_PER_NEW_KEY + " partitions=" + codec.partitions();
        long hash = 0xCBF29CE484222325L;
        for (int i = 0; i < identity.length(); i++) {
            hash = (hash ^ identity.charAt(i)) * 0x100000001B3L;
        }
        return hash;
    }

    /**
     * Restores the pipeline from the checkpoint recovery chose and aligns the sink with it. Call
     * once, before the first event.
     * @param chosen the newest valid checkpoint, empty for a fresh start
     * @param nextCheckpointId the id of the first checkpoint to take, the store's
     *     {@link CheckpointStore#nextCheckpointId()} at startup
     * @throws IllegalStateException when the checkpoint belongs to another pipeline or is inconsistent
     * @throws IllegalArgumentException when the next id is not past the chosen checkpoint
     */
    public void restore(Optional<CheckpointManifest> chosen, long nextCheckpointId) {
        if (nextCheckpointId == 0 || chosen.isPresent()
                && Long.compareUnsigned(nextCheckpointId, chosen.get().checkpointId()) <= 0) {
            throw new IllegalArgumentException("the next checkpoint id must be past the restored checkpoint, was "
                    + Long.toUnsignedString(nextCheckpointId));
        }
        nextId = nextCheckpointId;
        if (chosen.isEmpty()) {
            EpochFileSink.Recovery sinkRecovery = sink.recover(0);
            log.info("no checkpoint to restore in {}: starting at event 0 (sink aborted {} stale epochs)",
                    store.location(), sinkRecovery.aborted());
            checkpointedPosition = 0;
            return;
        }
        CheckpointManifest manifest = chosen.get();
        long id = manifest.checkpointId();
        if (manifest.pipelineHash().isEmpty() || manifest.pipelineHash().getAsLong() != pipelineHash) {
            throw new IllegalStateException("checkpoint " + id + " in " + store.location()
                    + " was written by a pipeline with other settings (sample.events.total, sample.events.keys): "
                    + "its pipeline_hash is " + manifest.pipelineHash().stream().mapToObj(Long::toUnsignedString)
                            .findFirst().orElse("missing")
                    + ", this pipeline's is " + Long.toUnsignedString(pipelineHash)
                    + ". Restore those settings, or remove the checkpoints and the sample output to start over.");
        }
        ConnectorCheckpoint offsets = require(manifest.sourceOffsets().get(GeneratorSource.NAME), id,
                "source_offsets." + GeneratorSource.NAME);
        Long sinkEpoch = require(manifest.sinkEpochs().get(EpochFileSink.NAME), id, "sink_epochs." + EpochFileSink.NAME);
        OperatorState state = codec.decode(stream.keys(), name -> store.loadOperatorState(id, name));
        source.restore(offsets);
        if (state.events() != source.position()) {
            throw new IllegalStateException("checkpoint " + id + " in " + store.location() + " is inconsistent: the "
                    + "operator counted " + state.events() + " events but the source is at offset " + source.position());
        }
        operator.restore(state);
        EpochFileSink.Recovery sinkRecovery = sink.recover(sinkEpoch);
        if (!(manifest.sinkCommitStatuses().get(EpochFileSink.NAME) instanceof SinkCommitStatus.Committed)) {
            store.updateManifest(manifest.toBuilder()
                    .putSinkCommitStatus(EpochFileSink.NAME, SinkCommitStatus.COMMITTED).build());
        }
        checkpointedPosition = source.position();
        log.info("restored checkpoint: id={} offset={} events={} from {}; resuming at event {} (sink committed {} and "
                + "aborted {} epochs)", id, offsets.offsets().getOrDefault(GeneratorSource.OFFSET_KEY, "none"),
                state.events(), store.location(), source.position(), sinkRecovery.committed(), sinkRecovery.aborted());
    }

    /**
     * Whether events were processed since the last checkpoint or restore.
     * @return true when a checkpoint would record progress
     */
    public boolean hasProgress() {
        return source.position() != checkpointedPosition;
    }

    /**
     * Takes a checkpoint now, between two events.
     * @return its id
     */
    public long checkpoint() {
        long started = System.nanoTime();
        long id = nextId++;
        sink.preCommit(id);
        CheckpointManifest.Builder manifest = CheckpointManifest.builder()
                .checkpointId(id)
                .epoch(id)
                .timestampMs(clock.millis())
                .putSourceOffset(GeneratorSource.NAME, source.checkpoint(id))
                .sourceNames(List.of(GeneratorSource.NAME))
                .putSinkEpoch(EpochFileSink.NAME, id)
                .putSinkCommitStatus(EpochFileSink.NAME, SinkCommitStatus.PENDING)
                .sinkNames(List.of(EpochFileSink.NAME))
                .pipelineHash(pipelineHash)
                .vnodeCount(store.vnodeCount());
        List<ByteBuffer> sidecar = new ArrayList<>();
        long sidecarLength = 0;
        long inlineLength = 0;
        for (StatePart part : codec.encode(operator.snapshot())) {
            OperatorCheckpoint state = OperatorCheckpoint.fromBytes(part.bytes(), inlineThreshold, sidecarLength);
            manifest.putOperatorState(part.name(), state);
            if (state.external()) {
                sidecar.add(ByteBuffer.wrap(part.bytes()));
                sidecarLength += part.bytes().length;
            }
            else {
                inlineLength += part.bytes().length;
            }
        }
        store.saveWithState(manifest.build(), sidecar.isEmpty() ? null : sidecar);
        taken++;
        long offset = source.lastOffset().orElse(-1);
        log.info("checkpoint saved: id={} offset={} state: {} bytes inline, {} bytes in {} sidecar chunks ({} ms)", id,
                offset, inlineLength, sidecarLength, sidecar.size(), (System.nanoTime() - started) / 1_000_000);
        sink.commit(id);
        CheckpointManifest saved = store.loadById(id).orElseThrow(() -> new IllegalStateException(
                "checkpoint " + id + " vanished from " + store.location() + " right after it was saved"));
        store.updateManifest(saved.toBuilder().putSinkCommitStatus(EpochFileSink.NAME, SinkCommitStatus.COMMITTED)
                .build());
        checkpointedPosition = source.position();
        return id;
    }

    /**
     * How many checkpoints this coordinator took.
     * @return the count since construction
     */
    public int checkpointsTaken() {
        return taken;
    }

    private static <T> T require(T value, long id, String field) {
        if (value == null) {
            throw new IllegalStateException("checkpoint " + id + " has no " + field + ": it was not written by this sample");
        }
        return value;
    }
}
