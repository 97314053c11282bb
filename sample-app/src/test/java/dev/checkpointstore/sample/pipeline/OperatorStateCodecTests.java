package dev.checkpointstore.sample.pipeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CorruptCheckpointException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorStateCodecTests {

    private final OperatorStateCodec codec = new OperatorStateCodec(4);

    @Test
    void roundTripsTheStateOfARealRun() {
        OperatorState state = run(50_000, 2_000);
        List<StatePart> parts = codec.encode(state);
        assertThat(parts).extracting(StatePart::name).containsExactlyElementsOf(codec.partNames())
                .containsExactly("counter/summary", "counter/counts-0", "counter/counts-1", "counter/counts-2",
                        "counter/counts-3");
        OperatorState decoded = codec.decode(2_000, byName(parts));
        assertThat(decoded).isEqualTo(state);
        assertThat(decoded.total()).isPositive();
        assertThat(decoded.distinctKeys()).isEqualTo(state.distinctKeys()).isGreaterThan(1_000);
    }

    @Test
    void roundTripsTheEmptyState() {
        OperatorState empty = new CountingOperator(10).snapshot();
        assertThat(codec.decode(10, byName(codec.encode(empty)))).isEqualTo(empty);
    }

    @Test
    void stateGrowsWithTheKeysSeen() {
        int small = size(codec.encode(run(1_000, 100_000)));
        int large = size(codec.encode(run(200_000, 100_000)));
        assertThat(large).isGreaterThan(100_000).isGreaterThan(small * 50);
    }

    @Test
    void namesTheMissingPart() {
        Map<String, byte[]> parts = map(codec.encode(run(1_000, 100)));
        parts.remove("counter/counts-2");
        assertThatThrownBy(() -> codec.decode(100, name -> Optional.ofNullable(parts.get(name))))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessage("operator state 'counter/counts-2' is missing");
    }

    @Test
    void namesTheTruncatedPart() {
        Map<String, byte[]> parts = map(codec.encode(run(1_000, 100)));
        parts.put("counter/counts-1", Arrays.copyOf(parts.get("counter/counts-1"), 20));
        assertThatThrownBy(() -> codec.decode(100, name -> Optional.ofNullable(parts.get(name))))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessage("operator state 'counter/counts-1' is truncated");
    }

    @Test
    void rejectsPartsThatDisagreeWithTheSummary() {
        Map<String, byte[]> parts = map(codec.encode(run(1_000, 100)));
        Map<String, byte[]> other = map(codec.encode(run(900, 100)));
        parts.put("counter/counts-3", other.get("counter/counts-3"));
        assertThatThrownBy(() -> codec.decode(100, name -> Optional.ofNullable(parts.get(name))))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageStartingWith("operator state 'counter/summary' says ");
    }

    @Test
    void rejectsStateOfAnotherKeySpace() {
        List<StatePart> parts = codec.encode(run(1_000, 100));
        assertThatThrownBy(() -> codec.decode(200, byName(parts)))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("was written for 100 keys in 4 partitions, this operator has 200 keys in 4");
    }

    private static OperatorState run(long events, int keys) {
        EventStream stream = new EventStream(events, keys);
        CountingOperator operator = new CountingOperator(keys);
        for (long i = 0; i < events; i++) {
            operator.process(stream.event(i));
        }
        return operator.snapshot();
    }

    private static Function<String, Optional<byte[]>> byName(List<StatePart> parts) {
        Map<String, byte[]> map = map(parts);
        return name -> Optional.ofNullable(map.get(name));
    }

    private static Map<String, byte[]> map(List<StatePart> parts) {
        Map<String, byte[]> map = new HashMap<>();
        parts.forEach(part -> map.put(part.name(), part.bytes()));
        return map;
    }

    private static int size(List<StatePart> parts) {
        return parts.stream().mapToInt(part -> part.bytes().length).sum();
    }
}
