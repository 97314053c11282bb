package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
    void externalRejectsNegativeValuesNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> OperatorCheckpoint.external(-1, 5))
                .withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> OperatorCheckpoint.external(0, -7))
                .withMessageContaining("-7");
    }

    @Test
    void invalidBase64IsCorrupt() {
        assertThatExceptionOfType(CorruptCheckpointException.class)
                .isThrownBy(() -> new OperatorCheckpoint("not base64!", false, 0, 0).decodeInline())
                .withMessageContaining("base64");
        assertThat(new OperatorCheckpoint(null, false, 0, 0).decodeInline()).isEmpty();
    }
}
