package dev.checkpointstore.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;

/**
 * Configuration of the checkpoint coordinator, under {@code checkpoint.coordinator.*}. A bad
 * value fails startup with an {@link InvalidCheckpointPropertyException}.
 */
@ConfigurationProperties("checkpoint.coordinator")
public class CheckpointCoordinatorProperties implements InitializingBean {

    /**
     * Whether to auto-configure the checkpoint coordinator, which checkpoints the application's
     * participants, transactional sinks and sources (Kafka listener containers) and restores them
     * on start.
     */
    private boolean enabled;

    /**
     * Time between the end of one scheduled checkpoint and the start of the next; 0 schedules none
     * (checkpoints are then taken on demand, on revocation and at shutdown only).
     */
    private Duration interval = Duration.ofSeconds(10);

    /**
     * Largest state part stored inline in the manifest; larger parts go to the sidecar.
     */
    private DataSize inlineThreshold = DataSize.ofBytes(CheckpointCoordinator.DEFAULT_INLINE_THRESHOLD);

    /**
     * How long a checkpoint waits for the threads processing a record to finish it before it is
     * abandoned.
     */
    private Duration barrierTimeout = CheckpointCoordinator.DEFAULT_BARRIER_TIMEOUT;

    /**
     * Identity of the pipeline (its sources, operators and the settings that shape its state),
     * stored as the checkpoints' pipeline_hash; a checkpoint of another pipeline is refused at
     * startup. Not set: no hash is stored and any checkpoint is restored.
     */
    private @Nullable String pipelineId;

    /**
     * Whether to take a last checkpoint when the application context closes, after the listener
     * containers and the application's own lifecycle beans have stopped.
     */
    private boolean checkpointOnShutdown = true;

    private final Kafka kafka = new Kafka();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public DataSize getInlineThreshold() {
        return inlineThreshold;
    }

    public void setInlineThreshold(DataSize inlineThreshold) {
        this.inlineThreshold = inlineThreshold;
    }

    public Duration getBarrierTimeout() {
        return barrierTimeout;
    }

    public void setBarrierTimeout(Duration barrierTimeout) {
        this.barrierTimeout = barrierTimeout;
    }

    public @Nullable String getPipelineId() {
        return pipelineId;
    }

    public void setPipelineId(@Nullable String pipelineId) {
        this.pipelineId = pipelineId;
    }

    public boolean isCheckpointOnShutdown() {
        return checkpointOnShutdown;
    }

    public void setCheckpointOnShutdown(boolean checkpointOnShutdown) {
        this.checkpointOnShutdown = checkpointOnShutdown;
    }

    public Kafka getKafka() {
        return kafka;
    }

    /**
     * Checks the values.
     * @throws InvalidCheckpointPropertyException naming the first bad property
     */
    @Override
    public void afterPropertiesSet() {
        if (interval.isNegative()) {
            throw new InvalidCheckpointPropertyException("checkpoint.coordinator.interval", interval,
                    "must not be negative",
                    "Set checkpoint.coordinator.interval to a positive duration such as 10s, or 0 for no scheduled "
                            + "checkpoints.");
        }
        if (inlineThreshold.toBytes() < 0 || inlineThreshold.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidCheckpointPropertyException("checkpoint.coordinator.inline-threshold", inlineThreshold,
                    "must be between 0B and " + Integer.MAX_VALUE + "B",
                    "Set checkpoint.coordinator.inline-threshold to a size such as 16KB (the default).");
        }
        if (barrierTimeout.isZero() || barrierTimeout.isNegative()) {
            throw new InvalidCheckpointPropertyException("checkpoint.coordinator.barrier-timeout", barrierTimeout,
                    "must be positive", "Set checkpoint.coordinator.barrier-timeout to a duration longer than the "
                            + "slowest record takes to process, such as 1m (the default).");
        }
        if (pipelineId != null && pipelineId.isBlank()) {
            throw new InvalidCheckpointPropertyException("checkpoint.coordinator.pipeline-id", pipelineId,
                    "must not be blank", "Set checkpoint.coordinator.pipeline-id to a text naming the pipeline and the "
                            + "settings that shape its state, or leave it out.");
        }
        kafka.getSourceNames().forEach((listener, source) -> {
            if (source == null || source.isBlank()) {
                throw new InvalidCheckpointPropertyException("checkpoint.coordinator.kafka.source-names." + listener,
                        source, "must not be blank",
                        "Set it to the name the listener's offsets take in the checkpoints' source_offsets.");
            }
        });
    }

    /** Settings of the Kafka listener containers the coordinator enrolls as sources. */
    public static class Kafka {

        /**
         * Whether to enroll spring-kafka listener containers as checkpoint sources.
         */
        private boolean enabled = true;

        /**
         * Ids of the listener containers to enroll; empty enrolls every container of the listener
         * endpoint registry and every listener container bean.
         */
        private List<String> listeners = new ArrayList<>();

        /**
         * Source name of a listener's offsets in source_offsets, by listener id; a listener not
         * named here uses its id.
         */
        private Map<String, String> sourceNames = new LinkedHashMap<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getListeners() {
            return listeners;
        }

        public void setListeners(List<String> listeners) {
            this.listeners = listeners;
        }

        public Map<String, String> getSourceNames() {
            return sourceNames;
        }

        public void setSourceNames(Map<String, String> sourceNames) {
            this.sourceNames = sourceNames;
        }
    }
}
