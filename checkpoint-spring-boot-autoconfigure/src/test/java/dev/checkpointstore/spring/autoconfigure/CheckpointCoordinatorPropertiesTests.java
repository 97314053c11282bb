package dev.checkpointstore.spring.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointCoordinatorPropertiesTests {

    private final CheckpointCoordinatorProperties defaults = new CheckpointCoordinatorProperties();

    @Test
    void defaultsEqualTheCoordinatorsOwn() {
        assertThat(defaults.getInlineThreshold().toBytes()).isEqualTo(CheckpointCoordinator.DEFAULT_INLINE_THRESHOLD);
        assertThat(defaults.getBarrierTimeout()).isEqualTo(CheckpointCoordinator.DEFAULT_BARRIER_TIMEOUT);
    }

    @Test
    void defaultsMatchTheDocumentedConfiguration() {
        assertThat(defaults.isEnabled()).isFalse();
        assertThat(defaults.getInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.getInlineThreshold()).isEqualTo(DataSize.ofKilobytes(16));
        assertThat(defaults.getBarrierTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.getPipelineId()).isNull();
        assertThat(defaults.isCheckpointOnShutdown()).isTrue();
        assertThat(defaults.getKafka().isEnabled()).isTrue();
        assertThat(defaults.getKafka().getListeners()).isEmpty();
        assertThat(defaults.getKafka().getSourceNames()).isEmpty();
    }

    @Test
    void bindsEveryKeyOfTheDocumentedConfiguration() {
        Map<String, String> yaml = new HashMap<>();
        yaml.put("checkpoint.coordinator.enabled", "true");
        yaml.put("checkpoint.coordinator.interval", "2s");
        yaml.put("checkpoint.coordinator.inline-threshold", "1KB");
        yaml.put("checkpoint.coordinator.barrier-timeout", "30s");
        yaml.put("checkpoint.coordinator.pipeline-id", "clicks v3");
        yaml.put("checkpoint.coordinator.checkpoint-on-shutdown", "false");
        yaml.put("checkpoint.coordinator.kafka.enabled", "false");
        yaml.put("checkpoint.coordinator.kafka.listeners[0]", "clicks");
        yaml.put("checkpoint.coordinator.kafka.source-names.clicks", "kafka-clicks");

        CheckpointCoordinatorProperties bound = new Binder(new MapConfigurationPropertySource(yaml))
                .bind("checkpoint.coordinator", Bindable.of(CheckpointCoordinatorProperties.class)).get();

        assertThat(bound.isEnabled()).isTrue();
        assertThat(bound.getInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bound.getInlineThreshold()).isEqualTo(DataSize.ofKilobytes(1));
        assertThat(bound.getBarrierTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bound.getPipelineId()).isEqualTo("clicks v3");
        assertThat(bound.isCheckpointOnShutdown()).isFalse();
        assertThat(bound.getKafka().isEnabled()).isFalse();
        assertThat(bound.getKafka().getListeners()).isEqualTo(List.of("clicks"));
        assertThat(bound.getKafka().getSourceNames()).containsEntry("clicks", "kafka-clicks");
    }

    @Test
    void failsNamingANegativeInterval() {
        defaults.setInterval(Duration.ofSeconds(-1));

        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.coordinator.interval").hasMessageContaining("must not be negative");
    }

    @Test
    void failsNamingABarrierTimeoutThatIsNotPositive() {
        defaults.setBarrierTimeout(Duration.ZERO);

        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.coordinator.barrier-timeout");
    }

    @Test
    void failsNamingAnInlineThresholdTooLargeForAPart() {
        defaults.setInlineThreshold(DataSize.ofGigabytes(4));

        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.coordinator.inline-threshold");
    }

    @Test
    void failsNamingABlankPipelineIdOrSourceName() {
        defaults.setPipelineId(" ");
        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.coordinator.pipeline-id");

        defaults.setPipelineId(null);
        defaults.getKafka().getSourceNames().put("clicks", "");
        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.coordinator.kafka.source-names.clicks");
    }

    @Test
    void metadataDescribesEveryKeyWithTheDefaults() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        Map<String, JsonNode> properties = new HashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asString(), p));

        assertThat(properties).containsKeys("checkpoint.coordinator.enabled", "checkpoint.coordinator.interval",
                "checkpoint.coordinator.inline-threshold", "checkpoint.coordinator.barrier-timeout",
                "checkpoint.coordinator.pipeline-id", "checkpoint.coordinator.checkpoint-on-shutdown",
                "checkpoint.coordinator.kafka.enabled", "checkpoint.coordinator.kafka.listeners",
                "checkpoint.coordinator.kafka.source-names");
        assertThat(DataSize.parse(properties.get("checkpoint.coordinator.inline-threshold").get("defaultValue")
                .asString()).toBytes()).isEqualTo(CheckpointCoordinator.DEFAULT_INLINE_THRESHOLD);
        assertThat(DurationStyle.detectAndParse(properties.get("checkpoint.coordinator.barrier-timeout")
                .get("defaultValue").asString())).isEqualTo(CheckpointCoordinator.DEFAULT_BARRIER_TIMEOUT);
        assertThat(DurationStyle.detectAndParse(properties.get("checkpoint.coordinator.interval")
                .get("defaultValue").asString())).isEqualTo(Duration.ofSeconds(10));
    }
}
