package dev.checkpointstore.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.OperatorCheckpoint;

/**
 * Manifests of the shape LaminarDB's recovery benchmark calls "realistic": {@code S} sources of 3
 * partitions each with a watermark, {@code O} operators of 4 KiB inline state (xorshift64, so
 * incompressible), two sinks with their epochs, a global watermark and a pipeline hash. The
 * inline states are generated once; {@link #manifest(long)} then builds one checkpoint's manifest
 * with the offsets and epochs that change from checkpoint to checkpoint, as a pipeline would.
 */
public final class RealisticManifests {

    /** Bytes of inline state per operator. */
    public static final int INLINE_STATE_BYTES = 4096;

    /** The pipeline hash every manifest carries. */
    public static final long PIPELINE_HASH = 0xABCD_1234L;

    /** The vnode count every manifest carries (the stores' default). */
    public static final int VNODE_COUNT = 256;

    private static final List<String> SINKS = List.of("kafka_sink", "pg_sink");

    private final int sources;
    private final int operators;
    private final List<String> sourceNames;
    private final Map<String, OperatorCheckpoint> inlineStates;

    /**
     * Prepares manifests of one shape.
     * @param sources how many sources ({@code S}), at least 0
     * @param operators how many operators with 4 KiB inline state ({@code O}), at least 0
     */
    public RealisticManifests(int sources, int operators) {
        if (sources < 0 || operators < 0) {
            throw new IllegalArgumentException("sources and operators must be >= 0, were " + sources + ", " + operators);
        }
        this.sources = sources;
        this.operators = operators;
        List<String> names = new ArrayList<>(sources);
        for (int i = 0; i < sources; i++) {
            names.add("source_" + i);
        }
        this.sourceNames = List.copyOf(names);
        XorShift64 random = new XorShift64(XorShift64.DEFAULT_SEED);
        Map<String, OperatorCheckpoint> states = new LinkedHashMap<>();
        for (int i = 0; i < operators; i++) {
            states.put("operator_" + i, OperatorCheckpoint.inline(random.nextBytes(INLINE_STATE_BYTES)));
        }
        this.inlineStates = Map.copyOf(states);
    }

    /**
     * Parses a shape written {@code SxO}, as the benchmarks' {@code shape} parameter is.
     * @param shape for example {@code "10x10"}
     * @return the manifests of that shape
     */
    public static RealisticManifests parse(String shape) {
        String[] parts = shape.split("x", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("shape must be SOURCESxOPERATORS, for example 10x10, was '" + shape + "'");
        }
        try {
            return new RealisticManifests(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("shape must be SOURCESxOPERATORS, for example 10x10, was '" + shape + "'", ex);
        }
    }

    /** @return how many sources the manifests have */
    public int sources() {
        return sources;
    }

    /** @return how many inline operators the manifests have */
    public int operators() {
        return operators;
    }

    /**
     * One checkpoint's manifest, without sidecar state.
     * @param checkpointId the id, also used as the epoch
     * @return the manifest
     */
    public CheckpointManifest manifest(long checkpointId) {
        return builder(checkpointId).build();
    }

    /**
     * One checkpoint's manifest whose sidecar holds the given chunks, one external operator per
     * chunk ({@code external_k} at the chunk's offset), next to the inline operators.
     * @param checkpointId the id, also used as the epoch
     * @param chunks the sidecar's chunks, in order; only their remaining lengths are read
     * @return the manifest
     */
    public CheckpointManifest manifestWithSidecar(long checkpointId, List<ByteBuffer> chunks) {
        long[] lengths = new long[chunks.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = chunks.get(i).remaining();
        }
        return manifestWithSidecar(checkpointId, lengths);
    }

    /**
     * One checkpoint's manifest whose sidecar is made of chunks of the given lengths, one external
     * operator per chunk ({@code external_k} at the chunk's offset), next to the inline operators.
     * @param checkpointId the id, also used as the epoch
     * @param chunkLengths the sidecar's chunk lengths, in order
     * @return the manifest
     */
    public CheckpointManifest manifestWithSidecar(long checkpointId, long... chunkLengths) {
        CheckpointManifest.Builder builder = builder(checkpointId);
        long offset = 0;
        for (int i = 0; i < chunkLengths.length; i++) {
            builder.putOperatorState("external_" + i, OperatorCheckpoint.external(offset, chunkLengths[i]));
            offset += chunkLengths[i];
        }
        return builder.build();
    }

    private CheckpointManifest.Builder builder(long checkpointId) {
        CheckpointManifest.Builder builder = CheckpointManifest.builder()
                .checkpointId(checkpointId)
                .epoch(checkpointId)
                .timestampMs(1_764_000_000_000L + checkpointId)
                .watermark(1_000_000L)
                .sourceNames(sourceNames)
                .sinkNames(SINKS)
                .pipelineHash(PIPELINE_HASH)
                .vnodeCount(VNODE_COUNT)
                .operatorStates(inlineStates);
        for (int i = 0; i < sources; i++) {
            String name = sourceNames.get(i);
            builder.putSourceOffset(name, ConnectorCheckpoint.of(Map.of(
                    "partition-0", Long.toString(1000 * checkpointId),
                    "partition-1", Long.toString(2000 * checkpointId),
                    "partition-2", Long.toString(3000 * checkpointId)), checkpointId));
            builder.putSourceWatermark(name, 500_000L + i);
        }
        for (String sink : SINKS) {
            builder.putSinkEpoch(sink, Math.max(0, checkpointId - 1));
        }
        return builder;
    }
}
