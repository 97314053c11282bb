package dev.checkpointstore.spring.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.checkpointstore.spring.observation.CheckpointObservationDocumentation.HighCardinalityKeyNames;
import dev.checkpointstore.spring.observation.CheckpointObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default {@link CheckpointObservationConvention}: every operation is an observation named
 * {@value #NAME} (so one timer, tagged {@code backend}, {@code operation} and {@code outcome}),
 * with the contextual name {@code checkpoint <operation>} ({@code checkpoint recovery verify})
 * for spans, and the checkpoint id, bytes and counts as high-cardinality keys.
 */
public class DefaultCheckpointObservationConvention implements CheckpointObservationConvention {

    /** The observation's name. */
    public static final String NAME = "checkpoint.store.operations";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(CheckpointObservationContext context) {
        return "checkpoint " + context.getOperation().value().replace('.', ' ');
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CheckpointObservationContext context) {
        return KeyValues.of(LowCardinalityKeyNames.BACKEND.withValue(context.getBackend()),
                LowCardinalityKeyNames.OPERATION.withValue(context.getOperation().value()),
                LowCardinalityKeyNames.OUTCOME.withValue(context.getOutcome()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CheckpointObservationContext context) {
        List<KeyValue> values = new ArrayList<>(4);
        context.getCheckpointId().ifPresent(id -> values.add(
                HighCardinalityKeyNames.CHECKPOINT_ID.withValue(Long.toUnsignedString(id))));
        if (context.getBytes() != null) {
            values.add(HighCardinalityKeyNames.BYTES.withValue(Long.toString(context.getBytes())));
        }
        if (context.getExamined() != null) {
            values.add(HighCardinalityKeyNames.EXAMINED.withValue(Integer.toString(context.getExamined())));
        }
        if (context.getRemoved() != null) {
            values.add(HighCardinalityKeyNames.REMOVED.withValue(Integer.toString(context.getRemoved())));
        }
        return KeyValues.of(values);
    }
}
