package dev.checkpointstore.benchmarks;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.StateChecksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RealisticManifestsTest {

    @Test
    void hasLaminarDbsRealisticShape() {
        CheckpointManifest m = RealisticManifests.parse("10x4").manifest(7);
        assertThat(m.checkpointId()).isEqualTo(7);
        assertThat(m.epoch()).isEqualTo(7);
        assertThat(m.sourceNames()).hasSize(10).contains("source_0", "source_9");
        assertThat(m.sourceOffsets()).hasSize(10);
        assertThat(m.sourceOffsets().get("source_3").offsets())
                .containsOnlyKeys("partition-0", "partition-1", "partition-2")
                .containsEntry("partition-2", "21000");
        assertThat(m.sourceWatermarks()).hasSize(10).containsEntry("source_3", 500_003L);
        assertThat(m.watermark()).hasValue(1_000_000L);
        assertThat(m.operatorStates()).hasSize(4).allSatisfy((name, op) -> {
            assertThat(op.external()).isFalse();
            assertThat(op.decodeInline()).get().satisfies(b -> assertThat(b).hasSize(4096));
        });
        assertThat(m.sinkNames()).containsExactlyInAnyOrder("pg_sink", "kafka_sink");
        assertThat(m.sinkEpochs()).containsEntry("pg_sink", 6L).containsEntry("kafka_sink", 6L);
        assertThat(m.pipelineHash()).hasValue(0xABCD_1234L);
        assertThat(m.vnodeCount()).isEqualTo(256);
    }

    @Test
    void operatorsHoldDistinctIncompressibleState() {
        CheckpointManifest m = new RealisticManifests(1, 2).manifest(1);
        assertThat(m.operatorStates().get("operator_0").stateB64())
                .isNotEqualTo(m.operatorStates().get("operator_1").stateB64());
    }

    @Test
    void manifestsRoundTripThroughTheCodecAndGrowWithTheShape() {
        byte[] small = ManifestCodec.encode(RealisticManifests.parse("2x2").manifest(1));
        byte[] large = ManifestCodec.encode(RealisticManifests.parse("50x20").manifest(1));
        assertThat(ManifestCodec.decode(large)).isEqualTo(RealisticManifests.parse("50x20").manifest(1));
        assertThat(large.length).isGreaterThan(20 * 4096 * 4 / 3).isGreaterThan(small.length * 5);
    }

    @Test
    void sidecarManifestsPointOneExternalOperatorAtEachChunk() {
        List<ByteBuffer> chunks = StateData.heapChunks(1000, 3, 1);
        CheckpointManifest m = new RealisticManifests(5, 3).manifestWithSidecar(2, chunks);
        assertThat(m.operatorStates()).hasSize(6);
        assertThat(m.operatorStates().get("external_0")).isEqualTo(OperatorCheckpoint.external(0, 328));
        assertThat(m.operatorStates().get("external_1")).isEqualTo(OperatorCheckpoint.external(328, 328));
        assertThat(m.operatorStates().get("external_2")).isEqualTo(OperatorCheckpoint.external(656, 344));
        assertThat(StateChecksum.shapeOf(m)).isEqualTo(StateChecksum.Shape.MIXED);
    }

    @Test
    void refusesMalformedShapes() {
        assertThatIllegalArgumentException().isThrownBy(() -> RealisticManifests.parse("10"))
                .withMessageContaining("SOURCESxOPERATORS");
        assertThatIllegalArgumentException().isThrownBy(() -> RealisticManifests.parse("ax2"))
                .withMessageContaining("'ax2'");
        assertThatIllegalArgumentException().isThrownBy(() -> new RealisticManifests(-1, 0));
    }
}
