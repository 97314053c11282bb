package dev.checkpointstore.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of checkpoint-store and their keys.
 */
public enum CheckpointObservationDocumentation implements ObservationDocumentation {

    /**
     * One store operation ({@link CheckpointOperation}): a save, a recovery walk and its steps, a
     * prune or an orphan cleanup. Recovery steps are child observations of their walk.
     */
    STORE_OPERATION {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultCheckpointObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }
    };

    /** Keys with few values, on metrics and spans. */
    public enum LowCardinalityKeyNames implements KeyName {

        /** The store's backend: {@code filesystem}, {@code s3}, {@code memory}. */
        BACKEND {
            @Override
            public String asString() {
                return "backend";
            }
        },

        /** The operation, such as {@code save} or {@code recovery.verify}. */
        OPERATION {
            @Override
            public String asString() {
                return "operation";
            }
        },

        /** How it ended ({@link CheckpointObservationContext#getOutcome()}). */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** Keys with many values, on spans only. */
    public enum HighCardinalityKeyNames implements KeyName {

        /** The checkpoint saved, read or verified, or chosen by a recovery, as an unsigned decimal. */
        CHECKPOINT_ID {
            @Override
            public String asString() {
                return "checkpoint.id";
            }
        },

        /** Bytes of sidecar state a save wrote, or of the manifest a recovery read. */
        BYTES {
            @Override
            public String asString() {
                return "checkpoint.bytes";
            }
        },

        /** How many checkpoint ids a recovery listed. */
        EXAMINED {
            @Override
            public String asString() {
                return "checkpoint.examined";
            }
        },

        /** How many checkpoints a prune, or orphans a cleanup, deleted. */
        REMOVED {
            @Override
            public String asString() {
                return "checkpoint.removed";
            }
        }
    }
}
