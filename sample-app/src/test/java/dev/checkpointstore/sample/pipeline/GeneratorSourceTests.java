package dev.checkpointstore.sample.pipeline;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.ConnectorCheckpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class GeneratorSourceTests {

    private final EventStream stream = new EventStream(10, 4);

    @Test
    void checkpointsTheLastEmittedOffsetAndResumesAfterIt() {
        GeneratorSource source = new GeneratorSource(stream);
        assertThat(source.offsets()).isEmpty();
        for (int i = 0; i < 4; i++) {
            source.next();
        }
        assertThat(source.offsets()).containsExactly(Map.entry("offset", "3"));

        GeneratorSource restored = new GeneratorSource(stream);
        restored.restore(Optional.of(ConnectorCheckpoint.of(source.offsets(), 3)));
        assertThat(restored.next()).isEqualTo(stream.event(4));

        restored.restore(Optional.empty());
        assertThat(restored.next()).isEqualTo(stream.event(0));
    }

    @Test
    void endsAfterTheLastEvent() {
        GeneratorSource source = new GeneratorSource(stream);
        source.restore(Optional.of(ConnectorCheckpoint.of(Map.of("offset", "9"), 1)));
        assertThat(source.hasNext()).isFalse();
        assertThatIllegalStateException().isThrownBy(source::next).withMessageContaining("exhausted");
    }

    @Test
    void rejectsOffsetsThatAreNotInTheStream() {
        GeneratorSource source = new GeneratorSource(stream);
        assertThatIllegalStateException().isThrownBy(() -> source.restore(Optional.of(ConnectorCheckpoint.of(Map.of("offset", "10"), 1))))
                .withMessageContaining("offset 10 is outside the stream of 10 events");
        assertThatIllegalStateException().isThrownBy(() -> source.restore(Optional.of(ConnectorCheckpoint.of(Map.of("offset", "x"), 1))))
                .withMessageContaining("'x' is not a number");
    }
}
