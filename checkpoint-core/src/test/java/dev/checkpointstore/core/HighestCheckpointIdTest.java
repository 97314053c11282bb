package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/**
 * {@link HighestCheckpointId}: ids compare as unsigned 64-bit values, and the largest has no next.
 */
class HighestCheckpointIdTest {

    @Test
    void nothingSeenMeansTheFirstId() {
        HighestCheckpointId highest = new HighestCheckpointId().see(OptionalLong.empty()).seeAll(List.of());

        assertThat(highest.highest()).isEmpty();
        assertThat(highest.next("memory")).isEqualTo(1);
    }

    @Test
    void nextIsOnePastTheHighestInAnyOrder() {
        HighestCheckpointId highest = new HighestCheckpointId().see(4).seeAll(List.of(9L, 2L)).see(OptionalLong.of(7));

        assertThat(highest.highest()).hasValue(9);
        assertThat(highest.next("memory")).isEqualTo(10);
    }

    @Test
    void idsAtAndAbove2To63AreHigherThanEverySignedPositiveId() {
        long twoTo63 = Long.MIN_VALUE;
        HighestCheckpointId highest = new HighestCheckpointId().see(Long.MAX_VALUE).see(twoTo63 + 5).see(12);

        assertThat(Long.toUnsignedString(highest.highest().getAsLong())).isEqualTo("9223372036854775813");
        assertThat(Long.toUnsignedString(highest.next("memory"))).isEqualTo("9223372036854775814");
        assertThat(Long.toUnsignedString(new HighestCheckpointId().see(Long.MAX_VALUE).next("memory")))
                .isEqualTo("9223372036854775808");
    }

    @Test
    void theLargestIdHasNoNext() {
        HighestCheckpointId highest = new HighestCheckpointId().see(3).see(-1L);

        assertThat(Long.toUnsignedString(new HighestCheckpointId().see(-2L).next("memory")))
                .isEqualTo("18446744073709551615");
        assertThatExceptionOfType(CheckpointStoreException.class).isThrownBy(() -> highest.next("s3://b/p/"))
                .withMessageContaining("18446744073709551615").withMessageContaining("s3://b/p/")
                .withMessageContaining("no checkpoint id is left");
    }
}
