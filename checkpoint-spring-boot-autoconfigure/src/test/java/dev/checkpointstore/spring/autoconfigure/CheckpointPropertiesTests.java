package dev.checkpointstore.spring.autoconfigure;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.fs.FileSystemCheckpointStore;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointPropertiesTests {

    private final CheckpointProperties defaults = new CheckpointProperties();

    @Test
    void defaultsEqualCoreConstants() {
        assertThat(defaults.getVnodeCount()).isEqualTo(CheckpointStore.DEFAULT_VNODE_COUNT);
        assertThat(defaults.getMaxManifestSize().toBytes()).isEqualTo(ManifestCodec.DEFAULT_MAX_MANIFEST_BYTES);
        assertThat(defaults.getOrphanCleanup().getMinAge()).isEqualTo(CheckpointStore.DEFAULT_ORPHAN_MIN_AGE);
    }

    @Test
    void defaultsEqualWhatTheStoresUseWhenNotConfigured(@TempDir Path dir) {
        InMemoryCheckpointStore memory = InMemoryCheckpointStore.builder().build();
        FileSystemCheckpointStore fs = FileSystemCheckpointStore.builder(dir).build();

        assertThat(defaults.getVnodeCount()).isEqualTo(memory.vnodeCount()).isEqualTo(fs.vnodeCount());
        assertThat(defaults.getOrphanCleanup().getMinAge()).isEqualTo(memory.orphanMinAge())
                .isEqualTo(fs.orphanMinAge());
    }

    @Test
    void defaultsMatchTheDocumentedConfiguration() {
        assertThat(defaults.isEnabled()).isTrue();
        assertThat(defaults.getBackend()).isEqualTo(CheckpointBackend.FILESYSTEM);
        assertThat(defaults.getRetention()).isEqualTo(3);
        assertThat(defaults.getFilesystem().getBaseDir()).isEqualTo(Path.of("checkpoint-data"));
        assertThat(defaults.getS3().getBucket()).isNull();
        assertThat(defaults.getS3().getPrefix()).isEmpty();
        assertThat(defaults.getS3().isAllowUnconditionalWrites()).isFalse();
        assertThat(defaults.getS3().getChecksumAlgorithm()).isNull();
        assertThat(defaults.getS3().getSidecarStorageClass()).isNull();
        assertThat(defaults.getS3().getEncryption().getType()).isEqualTo(CheckpointProperties.S3.Encryption.Type.NONE);
        assertThat(defaults.getS3().getEncryption().getKmsKeyId()).isNull();
        assertThat(defaults.getS3().getEncryption().getKmsEncryptionContext()).isEmpty();
        assertThat(defaults.getS3().getEncryption().getCustomerKey()).isNull();
        assertThat(defaults.getOrphanCleanup().isEnabled()).isTrue();
        assertThat(defaults.getOrphanCleanup().getInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.getOrphanCleanup().getInitialDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.getRecovery().getCacheTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void bindsEveryKeyOfTheDocumentedConfiguration() {
        Map<String, String> yaml = new HashMap<>();
        yaml.put("checkpoint.enabled", "true");
        yaml.put("checkpoint.backend", "s3");
        yaml.put("checkpoint.vnode-count", "512");
        yaml.put("checkpoint.retention", "0");
        yaml.put("checkpoint.max-manifest-size", "1MB");
        yaml.put("checkpoint.filesystem.base-dir", "/var/lib/app");
        yaml.put("checkpoint.s3.bucket", "checkpoints");
        yaml.put("checkpoint.s3.prefix", "nodes/a/");
        yaml.put("checkpoint.s3.allow-unconditional-writes", "true");
        yaml.put("checkpoint.s3.checksum-algorithm", "crc32c");
        yaml.put("checkpoint.s3.sidecar-storage-class", "STANDARD_IA");
        yaml.put("checkpoint.s3.encryption.type", "sse-kms");
        yaml.put("checkpoint.s3.encryption.kms-key-id", "alias/checkpoints");
        yaml.put("checkpoint.s3.encryption.kms-encryption-context.service", "checkpoints");
        yaml.put("checkpoint.s3.encryption.customer-key", "a2V5");
        yaml.put("checkpoint.orphan-cleanup.enabled", "false");
        yaml.put("checkpoint.orphan-cleanup.interval", "5m");
        yaml.put("checkpoint.orphan-cleanup.initial-delay", "0s");
        yaml.put("checkpoint.orphan-cleanup.min-age", "2h");
        yaml.put("checkpoint.recovery.cache-ttl", "10s");

        CheckpointProperties bound = new Binder(new MapConfigurationPropertySource(yaml))
                .bind("checkpoint", Bindable.of(CheckpointProperties.class)).get();

        assertThat(bound.getBackend()).isEqualTo(CheckpointBackend.S3);
        assertThat(bound.getVnodeCount()).isEqualTo(512);
        assertThat(bound.getRetention()).isZero();
        assertThat(bound.getMaxManifestSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(bound.getFilesystem().getBaseDir()).isEqualTo(Path.of("/var/lib/app"));
        assertThat(bound.getS3().getBucket()).isEqualTo("checkpoints");
        assertThat(bound.getS3().getPrefix()).isEqualTo("nodes/a/");
        assertThat(bound.getS3().isAllowUnconditionalWrites()).isTrue();
        assertThat(bound.getS3().getChecksumAlgorithm()).isEqualTo(CheckpointProperties.S3.Checksum.CRC32C);
        assertThat(bound.getS3().getSidecarStorageClass()).isEqualTo("STANDARD_IA");
        assertThat(bound.getS3().getEncryption().getType()).isEqualTo(CheckpointProperties.S3.Encryption.Type.SSE_KMS);
        assertThat(bound.getS3().getEncryption().getKmsKeyId()).isEqualTo("alias/checkpoints");
        assertThat(bound.getS3().getEncryption().getKmsEncryptionContext()).containsExactly(
                Map.entry("service", "checkpoints"));
        assertThat(bound.getS3().getEncryption().getCustomerKey()).isEqualTo("a2V5");
        assertThat(bound.getOrphanCleanup().isEnabled()).isFalse();
        assertThat(bound.getOrphanCleanup().getInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(bound.getOrphanCleanup().getInitialDelay()).isZero();
        assertThat(bound.getOrphanCleanup().getMinAge()).isEqualTo(Duration.ofHours(2));
        assertThat(bound.getRecovery().getCacheTtl()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void failsWhenTheS3BackendHasNoBucket() {
        defaults.setBackend(CheckpointBackend.S3);

        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.s3.bucket");
    }

    @Test
    void failsWhenTheCleanupIntervalIsNotPositive() {
        defaults.getOrphanCleanup().setInterval(Duration.ZERO);

        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.orphan-cleanup.interval");
    }

    @Test
    void failsWhenTheCacheTtlIsNegative() {
        defaults.getRecovery().setCacheTtl(Duration.ofSeconds(-1));

        assertThatThrownBy(defaults::afterPropertiesSet).isInstanceOf(InvalidCheckpointPropertyException.class)
                .hasMessageContaining("checkpoint.recovery.cache-ttl");
    }

    @Test
    void metadataDescribesEveryKey() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = JsonMapper.builder().build().readTree(in);
        }
        Map<String, JsonNode> properties = new HashMap<>();
        metadata.get("properties").forEach(p -> properties.put(p.get("name").asString(), p));

        assertThat(properties).containsKeys("checkpoint.enabled", "checkpoint.backend", "checkpoint.vnode-count",
                "checkpoint.retention", "checkpoint.filesystem.base-dir", "checkpoint.s3.bucket", "checkpoint.s3.prefix",
                "checkpoint.orphan-cleanup.enabled", "checkpoint.orphan-cleanup.interval",
                "checkpoint.orphan-cleanup.initial-delay", "checkpoint.orphan-cleanup.min-age",
                "checkpoint.recovery.cache-ttl", "management.health.checkpoints.enabled",
                "management.endpoint.checkpoints.access", "checkpoint.s3.allow-unconditional-writes",
                "checkpoint.s3.checksum-algorithm", "checkpoint.s3.sidecar-storage-class",
                "checkpoint.s3.encryption.type", "checkpoint.s3.encryption.kms-key-id",
                "checkpoint.s3.encryption.kms-encryption-context", "checkpoint.s3.encryption.customer-key");
        properties.forEach((name, property) -> assertThat(property.path("description").asString(""))
                .as("description of %s", name).isNotBlank());
        assertThat(properties.get("checkpoint.vnode-count").get("defaultValue").asInt())
                .isEqualTo(CheckpointStore.DEFAULT_VNODE_COUNT);
        assertThat(Duration.parse("PT" + properties.get("checkpoint.orphan-cleanup.min-age").get("defaultValue")
                .asString().toUpperCase())).isEqualTo(CheckpointStore.DEFAULT_ORPHAN_MIN_AGE);
        assertThat(DataSize.parse(properties.get("checkpoint.max-manifest-size").get("defaultValue").asString())
                .toBytes()).isEqualTo(ManifestCodec.DEFAULT_MAX_MANIFEST_BYTES);
        assertThat(properties.get("checkpoint.s3.encryption.type").get("defaultValue").asString()).isEqualTo("none");
        JsonNode storageClassHints = null;
        for (JsonNode hint : metadata.get("hints")) {
            if (hint.get("name").asString().equals("checkpoint.s3.sidecar-storage-class")) {
                storageClassHints = hint.get("values");
            }
        }
        assertThat(storageClassHints).as("hints of checkpoint.s3.sidecar-storage-class").isNotNull();
        java.util.List<String> hinted = new java.util.ArrayList<>();
        storageClassHints.forEach(value -> hinted.add(value.get("value").asString()));
        assertThat(hinted).contains("STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR");
    }
}
