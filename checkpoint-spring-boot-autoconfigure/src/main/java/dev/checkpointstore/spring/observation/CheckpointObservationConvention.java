package dev.checkpointstore.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of store operations. Declare a bean of this type (usually a
 * subclass of {@link DefaultCheckpointObservationConvention}) to change their names or key values.
 */
public interface CheckpointObservationConvention extends ObservationConvention<CheckpointObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof CheckpointObservationContext;
    }
}
