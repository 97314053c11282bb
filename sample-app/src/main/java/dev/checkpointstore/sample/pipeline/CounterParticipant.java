package dev.checkpointstore.sample.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.checkpointstore.spring.coordinator.CheckpointParticipant;
import dev.checkpointstore.spring.coordinator.RestoredState;
import dev.checkpointstore.spring.coordinator.StateSnapshot;

/**
 * The {@link CountingOperator}'s state in checkpoints: the parts {@link OperatorStateCodec} makes
 * (a small summary, then the counts in partitions), stored as {@code counter/summary},
 * {@code counter/counts-P}. Each part is placed on its own, inline while small and in the sidecar
 * once it outgrows the coordinator's inline threshold.
 */
public final class CounterParticipant implements CheckpointParticipant {

    private static final String PREFIX = CountingOperator.NAME + "/";

    private final CountingOperator operator;
    private final OperatorStateCodec codec;
    private final int keys;

    /**
     * Creates the participant.
     * @param operator the operator whose state it is
     * @param codec how the state is split and serialized
     * @param keys the operator's key space
     */
    public CounterParticipant(CountingOperator operator, OperatorStateCodec codec, int keys) {
        this.operator = operator;
        this.codec = codec;
        this.keys = keys;
    }

    @Override
    public String name() {
        return CountingOperator.NAME;
    }

    @Override
    public StateSnapshot snapshot() {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (StatePart part : codec.encode(operator.snapshot())) {
            parts.put(part.name().substring(PREFIX.length()), part.bytes());
        }
        return StateSnapshot.ofParts(parts);
    }

    @Override
    public void restore(RestoredState state) {
        if (!state.isFresh()) {
            operator.restore(codec.decode(keys, name -> state.part(name.substring(PREFIX.length()))));
        }
    }
}
