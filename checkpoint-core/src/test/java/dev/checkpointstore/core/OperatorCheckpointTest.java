package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

/**
 * Inline and external operator state.
 */
class OperatorCheckpointTest {

    @Test
    void fromBytesKeepsSmallStateInlineAndPlacesLargeStateAtTheOffset() {
        OperatorCheckpoint small = OperatorCheckpoint.fromBytes(new byte[] {1, 2, 3}, 3, 100);
        OperatorCheckpoint large = OperatorCheckpoint.fromBytes(new byte[] {1, 2, 3, 4}, 3, 100);

        assertThat(small).isEqualTo(new OperatorCheckpoint("AQID", false, 0, 0));
        assertThat(small.decodeInline()).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(large).isEqualTo(new OperatorCheckpoint(null, true, 100, 4));
        assertThat(large.decodeInline()).isEmpty();
    }

    @Test
    void externalSlicesAreUnsigned64BitAsInLaminarDb() {
        OperatorCheckpoint op = OperatorCheckpoint.external(-6, 5);
        CheckpointManifest m = CheckpointManifest.builder().checkpointId(1).epoch(1).timestampMs(1)
                .putOperatorState("ext", op).build();

        assertThat(new String(ManifestCodec.encode(m), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"external_offset\": 18446744073709551610", "\"external_length\": 5");
        assertThat(ManifestCodec.decode(ManifestCodec.encode(m)).operatorStates().get("ext")).isEqualTo(op);
    }

    @Test
    void invalidBase64IsCorrupt() {
        assertThatExceptionOfType(CorruptCheckpointException.class)
                .isThrownBy(() -> new OperatorCheckpoint("not base64!", false, 0, 0).decodeInline())
                .withMessageContaining("base64");
        assertThat(new OperatorCheckpoint(null, false, 0, 0).decodeInline()).isEmpty();
    }
}
