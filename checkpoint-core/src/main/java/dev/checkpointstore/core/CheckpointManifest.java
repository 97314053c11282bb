package dev.checkpointstore.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * One checkpoint: source offsets, sink epochs and commit statuses, operator state and the
 * metadata recovery needs. Immutable; maps iterate in the UTF-8 order of their keys. Unsigned
 * 64-bit fields ({@code checkpointId}, {@code epoch}, {@code timestampMs}, {@code pipelineHash},
 * sink epochs) hold their full range in a {@code long}: read them with
 * {@link Long#toUnsignedString(long)} above {@link Long#MAX_VALUE}.
 *
 * <p>The JSON form is LaminarDB's ({@link ManifestCodec}).
 */
public final class CheckpointManifest {

    /** The manifest format version this library writes. */
    public static final int CURRENT_VERSION = 1;

    private final long version;
    private final long checkpointId;
    private final long epoch;
    private final long timestampMs;
    private final SortedMap<String, ConnectorCheckpoint> sourceOffsets;
    private final SortedMap<String, Long> sinkEpochs;
    private final SortedMap<String, SinkCommitStatus> sinkCommitStatuses;
    private final SortedMap<String, ConnectorCheckpoint> tableOffsets;
    private final SortedMap<String, OperatorCheckpoint> operatorStates;
    private final @Nullable String tableStoreCheckpointPath;
    private final @Nullable Long watermark;
    private final SortedMap<String, Long> sourceWatermarks;
    private final List<String> sourceNames;
    private final List<String> sinkNames;
    private final @Nullable Long pipelineHash;
    private final int vnodeCount;
    private final @Nullable String stateChecksum;

    private CheckpointManifest(Builder b) {
        this.version = b.version;
        this.checkpointId = b.checkpointId;
        this.epoch = b.epoch;
        this.timestampMs = b.timestampMs;
        this.sourceOffsets = SortedMaps.copyOf(b.sourceOffsets, "source_offsets");
        this.sinkEpochs = SortedMaps.copyOf(b.sinkEpochs, "sink_epochs");
        this.sinkCommitStatuses = SortedMaps.copyOf(b.sinkCommitStatuses, "sink_commit_statuses");
        this.tableOffsets = SortedMaps.copyOf(b.tableOffsets, "table_offsets");
        this.operatorStates = SortedMaps.copyOf(b.operatorStates, "operator_states");
        this.tableStoreCheckpointPath = b.tableStoreCheckpointPath;
        this.watermark = b.watermark;
        this.sourceWatermarks = SortedMaps.copyOf(b.sourceWatermarks, "source_watermarks");
        this.sourceNames = SortedMaps.copyOfList(b.sourceNames, "source_names");
        this.sinkNames = SortedMaps.copyOfList(b.sinkNames, "sink_names");
        this.pipelineHash = b.pipelineHash;
        this.vnodeCount = b.vnodeCount;
        this.stateChecksum = b.stateChecksum;
    }

    /**
     * A builder with the defaults of a new checkpoint: version {@value #CURRENT_VERSION}, every
     * other field zero, empty or null.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from this manifest.
     * @return a builder holding every field of this manifest
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.version = version;
        b.checkpointId = checkpointId;
        b.epoch = epoch;
        b.timestampMs = timestampMs;
        b.sourceOffsets.putAll(sourceOffsets);
        b.sinkEpochs.putAll(sinkEpochs);
        b.sinkCommitStatuses.putAll(sinkCommitStatuses);
        b.tableOffsets.putAll(tableOffsets);
        b.operatorStates.putAll(operatorStates);
        b.tableStoreCheckpointPath = tableStoreCheckpointPath;
        b.watermark = watermark;
        b.sourceWatermarks.putAll(sourceWatermarks);
        b.sourceNames = sourceNames;
        b.sinkNames = sinkNames;
        b.pipelineHash = pipelineHash;
        b.vnodeCount = vnodeCount;
        b.stateChecksum = stateChecksum;
        return b;
    }

    /**
     * Returns the format version ({@code version}).
     *
     * @return the format version ({@code version})
     */
    public long version() {
        return version;
    }

    /**
     * Returns the checkpoint id ({@code checkpoint_id}, unsigned).
     *
     * @return the checkpoint id ({@code checkpoint_id}, unsigned)
     */
    public long checkpointId() {
        return checkpointId;
    }

    /**
     * Returns the exactly-once epoch ({@code epoch}, unsigned).
     *
     * @return the exactly-once epoch ({@code epoch}, unsigned)
     */
    public long epoch() {
        return epoch;
    }

    /**
     * Returns the creation time in ms since the Unix epoch ({@code timestamp_ms}, unsigned).
     *
     * @return the creation time in ms since the Unix epoch ({@code timestamp_ms}, unsigned)
     */
    public long timestampMs() {
        return timestampMs;
    }

    /**
     * Returns per-source positions ({@code source_offsets}).
     *
     * @return per-source positions ({@code source_offsets})
     */
    public SortedMap<String, ConnectorCheckpoint> sourceOffsets() {
        return sourceOffsets;
    }

    /**
     * Returns the last committed epoch per sink ({@code sink_epochs}, unsigned values).
     *
     * @return the last committed epoch per sink ({@code sink_epochs}, unsigned values)
     */
    public SortedMap<String, Long> sinkEpochs() {
        return sinkEpochs;
    }

    /**
     * Returns the commit status per sink ({@code sink_commit_statuses}).
     *
     * @return the commit status per sink ({@code sink_commit_statuses})
     */
    public SortedMap<String, SinkCommitStatus> sinkCommitStatuses() {
        return sinkCommitStatuses;
    }

    /**
     * Returns per-reference-table positions ({@code table_offsets}).
     *
     * @return per-reference-table positions ({@code table_offsets})
     */
    public SortedMap<String, ConnectorCheckpoint> tableOffsets() {
        return tableOffsets;
    }

    /**
     * Returns per-operator state ({@code operator_states}).
     *
     * @return per-operator state ({@code operator_states})
     */
    public SortedMap<String, OperatorCheckpoint> operatorStates() {
        return operatorStates;
    }

    /**
     * Returns the table store checkpoint path ({@code table_store_checkpoint_path}).
     *
     * @return the table store checkpoint path ({@code table_store_checkpoint_path})
     */
    public Optional<String> tableStoreCheckpointPath() {
        return Optional.ofNullable(tableStoreCheckpointPath);
    }

    /**
     * Returns the global watermark ({@code watermark}, signed).
     *
     * @return the global watermark ({@code watermark}, signed)
     */
    public OptionalLong watermark() {
        return watermark == null ? OptionalLong.empty() : OptionalLong.of(watermark);
    }

    /**
     * Returns the watermark per source ({@code source_watermarks}, signed values).
     *
     * @return the watermark per source ({@code source_watermarks}, signed values)
     */
    public SortedMap<String, Long> sourceWatermarks() {
        return sourceWatermarks;
    }

    /**
     * Returns the sources at checkpoint time ({@code source_names}).
     *
     * @return the sources at checkpoint time ({@code source_names})
     */
    public List<String> sourceNames() {
        return sourceNames;
    }

    /**
     * Returns the sinks at checkpoint time ({@code sink_names}).
     *
     * @return the sinks at checkpoint time ({@code sink_names})
     */
    public List<String> sinkNames() {
        return sinkNames;
    }

    /**
     * Returns the pipeline hash ({@code pipeline_hash}, unsigned 64-bit in a long).
     *
     * @return the pipeline hash ({@code pipeline_hash}, unsigned 64-bit in a long)
     */
    public OptionalLong pipelineHash() {
        return pipelineHash == null ? OptionalLong.empty() : OptionalLong.of(pipelineHash);
    }

    /**
     * Returns the vnode count ({@code vnode_count}, 0 for legacy checkpoints).
     *
     * @return the vnode count ({@code vnode_count}, 0 for legacy checkpoints)
     */
    public int vnodeCount() {
        return vnodeCount;
    }

    /**
     * Returns the lowercase hex SHA-256 of the state ({@code state_checksum}), see {@link StateChecksum}.
     *
     * @return the lowercase hex SHA-256 of the state ({@code state_checksum}), see {@link StateChecksum}
     */
    public Optional<String> stateChecksum() {
        return Optional.ofNullable(stateChecksum);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CheckpointManifest m)) {
            return false;
        }
        return version == m.version && checkpointId == m.checkpointId && epoch == m.epoch
                && timestampMs == m.timestampMs && vnodeCount == m.vnodeCount
                && sourceOffsets.equals(m.sourceOffsets) && sinkEpochs.equals(m.sinkEpochs)
                && sinkCommitStatuses.equals(m.sinkCommitStatuses) && tableOffsets.equals(m.tableOffsets)
                && operatorStates.equals(m.operatorStates)
                && Objects.equals(tableStoreCheckpointPath, m.tableStoreCheckpointPath)
                && Objects.equals(watermark, m.watermark) && sourceWatermarks.equals(m.sourceWatermarks)
                && sourceNames.equals(m.sourceNames) && sinkNames.equals(m.sinkNames)
                && Objects.equals(pipelineHash, m.pipelineHash) && Objects.equals(stateChecksum, m.stateChecksum);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, checkpointId, epoch, timestampMs, sourceOffsets, sinkEpochs, sinkCommitStatuses,
                tableOffsets, operatorStates, tableStoreCheckpointPath, watermark, sourceWatermarks, sourceNames,
                sinkNames, pipelineHash, vnodeCount, stateChecksum);
    }

    @Override
    public String toString() {
        return "CheckpointManifest{checkpointId=" + Long.toUnsignedString(checkpointId) + ", epoch="
                + Long.toUnsignedString(epoch) + ", timestampMs=" + Long.toUnsignedString(timestampMs)
                + ", sources=" + sourceOffsets.keySet() + ", sinks=" + sinkEpochs.keySet() + ", operators="
                + operatorStates.keySet() + ", vnodeCount=" + vnodeCount + ", stateChecksum=" + stateChecksum + "}";
    }

    /**
     * Builds a {@link CheckpointManifest}. Setters are named like the manifest's fields; map
     * setters replace the whole map, {@code putX} methods add one entry.
     */
    public static final class Builder {

        private long version = CURRENT_VERSION;
        private long checkpointId;
        private long epoch;
        private long timestampMs;
        private final TreeMap<String, ConnectorCheckpoint> sourceOffsets = SortedMaps.newMap();
        private final TreeMap<String, Long> sinkEpochs = SortedMaps.newMap();
        private final TreeMap<String, SinkCommitStatus> sinkCommitStatuses = SortedMaps.newMap();
        private final TreeMap<String, ConnectorCheckpoint> tableOffsets = SortedMaps.newMap();
        private final TreeMap<String, OperatorCheckpoint> operatorStates = SortedMaps.newMap();
        private @Nullable String tableStoreCheckpointPath;
        private @Nullable Long watermark;
        private final TreeMap<String, Long> sourceWatermarks = SortedMaps.newMap();
        private List<String> sourceNames = List.of();
        private List<String> sinkNames = List.of();
        private @Nullable Long pipelineHash;
        private int vnodeCount;
        private @Nullable String stateChecksum;

        private Builder() {
        }

        /**
         * @param version the format version, an unsigned 32-bit value (0..4294967295)
         * @return this builder
         */
        public Builder version(long version) {
            if (version < 0 || version > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("version must be 0..4294967295, was " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * @param checkpointId the checkpoint id (unsigned)
         * @return this builder
         */
        public Builder checkpointId(long checkpointId) {
            this.checkpointId = checkpointId;
            return this;
        }

        /**
         * @param epoch the exactly-once epoch (unsigned)
         * @return this builder
         */
        public Builder epoch(long epoch) {
            this.epoch = epoch;
            return this;
        }

        /**
         * @param timestampMs creation time, ms since the Unix epoch
         * @return this builder
         */
        public Builder timestampMs(long timestampMs) {
            this.timestampMs = timestampMs;
            return this;
        }

        /**
         * @param sourceOffsets per-source positions, replacing any set before
         * @return this builder
         */
        public Builder sourceOffsets(Map<String, ConnectorCheckpoint> sourceOffsets) {
            return replace(this.sourceOffsets, sourceOffsets, "source_offsets");
        }

        /**
         * @param source the source name
         * @param checkpoint its position
         * @return this builder
         */
        public Builder putSourceOffset(String source, ConnectorCheckpoint checkpoint) {
            this.sourceOffsets.put(Objects.requireNonNull(source, "source_offsets has a null key"), checkpoint);
            return this;
        }

        /**
         * @param sinkEpochs last committed epoch per sink, replacing any set before
         * @return this builder
         */
        public Builder sinkEpochs(Map<String, Long> sinkEpochs) {
            return replace(this.sinkEpochs, sinkEpochs, "sink_epochs");
        }

        /**
         * @param sink the sink name
         * @param epoch its last committed epoch
         * @return this builder
         */
        public Builder putSinkEpoch(String sink, long epoch) {
            this.sinkEpochs.put(Objects.requireNonNull(sink, "sink_epochs has a null key"), epoch);
            return this;
        }

        /**
         * @param sinkCommitStatuses commit status per sink, replacing any set before
         * @return this builder
         */
        public Builder sinkCommitStatuses(Map<String, SinkCommitStatus> sinkCommitStatuses) {
            return replace(this.sinkCommitStatuses, sinkCommitStatuses, "sink_commit_statuses");
        }

        /**
         * @param sink the sink name
         * @param status its commit status
         * @return this builder
         */
        public Builder putSinkCommitStatus(String sink, SinkCommitStatus status) {
            this.sinkCommitStatuses.put(Objects.requireNonNull(sink, "sink_commit_statuses has a null key"), status);
            return this;
        }

        /**
         * @param tableOffsets per-table positions, replacing any set before
         * @return this builder
         */
        public Builder tableOffsets(Map<String, ConnectorCheckpoint> tableOffsets) {
            return replace(this.tableOffsets, tableOffsets, "table_offsets");
        }

        /**
         * @param table the table name
         * @param checkpoint its position
         * @return this builder
         */
        public Builder putTableOffset(String table, ConnectorCheckpoint checkpoint) {
            this.tableOffsets.put(Objects.requireNonNull(table, "table_offsets has a null key"), checkpoint);
            return this;
        }

        /**
         * @param operatorStates per-operator state, replacing any set before
         * @return this builder
         */
        public Builder operatorStates(Map<String, OperatorCheckpoint> operatorStates) {
            return replace(this.operatorStates, operatorStates, "operator_states");
        }

        /**
         * @param operator the operator name
         * @param state its state
         * @return this builder
         */
        public Builder putOperatorState(String operator, OperatorCheckpoint state) {
            this.operatorStates.put(Objects.requireNonNull(operator, "operator_states has a null key"), state);
            return this;
        }

        /**
         * @param path the table store checkpoint path, or null
         * @return this builder
         */
        public Builder tableStoreCheckpointPath(@Nullable String path) {
            this.tableStoreCheckpointPath = path;
            return this;
        }

        /**
         * @param watermark the global watermark, or null
         * @return this builder
         */
        public Builder watermark(@Nullable Long watermark) {
            this.watermark = watermark;
            return this;
        }

        /**
         * @param sourceWatermarks watermark per source, replacing any set before
         * @return this builder
         */
        public Builder sourceWatermarks(Map<String, Long> sourceWatermarks) {
            return replace(this.sourceWatermarks, sourceWatermarks, "source_watermarks");
        }

        /**
         * @param source the source name
         * @param watermark its watermark
         * @return this builder
         */
        public Builder putSourceWatermark(String source, long watermark) {
            this.sourceWatermarks.put(Objects.requireNonNull(source, "source_watermarks has a null key"), watermark);
            return this;
        }

        /**
         * @param sourceNames the sources at checkpoint time
         * @return this builder
         */
        public Builder sourceNames(List<String> sourceNames) {
            this.sourceNames = List.copyOf(sourceNames);
            return this;
        }

        /**
         * @param sinkNames the sinks at checkpoint time
         * @return this builder
         */
        public Builder sinkNames(List<String> sinkNames) {
            this.sinkNames = List.copyOf(sinkNames);
            return this;
        }

        /**
         * @param pipelineHash the pipeline hash (unsigned 64-bit), or null
         * @return this builder
         */
        public Builder pipelineHash(@Nullable Long pipelineHash) {
            this.pipelineHash = pipelineHash;
            return this;
        }

        /**
         * @param vnodeCount the vnode count, 0..65535
         * @return this builder
         */
        public Builder vnodeCount(int vnodeCount) {
            if (vnodeCount < 0 || vnodeCount > 0xFFFF) {
                throw new IllegalArgumentException("vnode_count must be 0..65535, was " + vnodeCount);
            }
            this.vnodeCount = vnodeCount;
            return this;
        }

        /**
         * @param stateChecksum the lowercase hex SHA-256 of the state, or null
         * @return this builder
         */
        public Builder stateChecksum(@Nullable String stateChecksum) {
            this.stateChecksum = stateChecksum;
            return this;
        }

        /**
         * Returns the manifest.
         *
         * @return the manifest
         */
        public CheckpointManifest build() {
            return new CheckpointManifest(this);
        }

        private <V> Builder replace(TreeMap<String, V> target, Map<String, V> source, String what) {
            Objects.requireNonNull(source, what);
            target.clear();
            SortedMaps.putAll(target, source, what);
            return this;
        }
    }
}
