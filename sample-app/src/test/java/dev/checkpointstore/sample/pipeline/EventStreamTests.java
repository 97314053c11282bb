package dev.checkpointstore.sample.pipeline;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStreamTests {

    private final EventStream stream = new EventStream(100_000, 1_000);

    @Test
    void eventDependsOnItsOffsetAlone() {
        EventStream other = new EventStream(200_000, 1_000);
        for (long i = 0; i < 100_000; i += 997) {
            assertThat(stream.event(i)).isEqualTo(other.event(i)).isEqualTo(stream.event(i));
            assertThat(stream.event(i).offset()).isEqualTo(i);
        }
    }

    @Test
    void keySpaceOpensUpAsTheStreamGoesOnAndStopsAtTheLimit() {
        Set<Integer> early = new HashSet<>();
        Set<Integer> all = new HashSet<>();
        for (long i = 0; i < 100_000; i++) {
            SourceEvent event = stream.event(i);
            assertThat(event.keyId()).isBetween(0, (int) Math.min(999, i / EventStream.EVENTS_PER_NEW_KEY));
            assertThat(event.value()).isBetween(1, 128);
            if (i < 1_600) {
                early.add(event.keyId());
            }
            all.add(event.keyId());
        }
        assertThat(early).hasSizeLessThanOrEqualTo(100);
        assertThat(all).hasSize(1_000);
    }

    @Test
    void keyNamesSortLikeIdsAndParseBack() {
        assertThat(stream.keyName(7)).isEqualTo("k000007");
        assertThat(stream.keyName(999)).isEqualTo("k000999");
        assertThat(stream.keyId("k000042")).isEqualTo(42);
        assertThat(new EventStream(10, 12_345_678).keyName(5)).isEqualTo("k00000005");
    }

    @Test
    void rejectsNamesThatAreNotKeysOfTheStream() {
        assertThatIllegalArgumentException().isThrownBy(() -> stream.keyId("x000001")).withMessageContaining("x000001");
        assertThatIllegalArgumentException().isThrownBy(() -> stream.keyId("k00001"));
        assertThatIllegalArgumentException().isThrownBy(() -> stream.keyId("k00a001"));
        assertThatIllegalArgumentException().isThrownBy(() -> stream.keyId("k001000"))
                .withMessageContaining("outside the key space");
    }

    @Test
    void rejectsOffsetsOutsideTheStreamAndBadSizes() {
        assertThatThrownBy(() -> stream.event(100_000)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> stream.event(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatIllegalArgumentException().isThrownBy(() -> new EventStream(0, 1))
                .withMessageContaining("sample.events.total");
        assertThatIllegalArgumentException().isThrownBy(() -> new EventStream(1, 0))
                .withMessageContaining("sample.events.keys");
    }
}
