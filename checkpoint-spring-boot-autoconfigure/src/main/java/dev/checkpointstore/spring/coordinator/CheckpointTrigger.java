package dev.checkpointstore.spring.coordinator;

/** What started a checkpoint. */
public enum CheckpointTrigger {

    /** The {@code checkpoint.coordinator.interval} passed. */
    INTERVAL,

    /** The application called {@link CheckpointCoordinator#checkpoint()}. */
    API,

    /** {@code POST /actuator/checkpoints} with {@code {"action": "checkpoint"}}. */
    ENDPOINT,

    /** Kafka partitions were about to be revoked from an enrolled listener. */
    REVOCATION,

    /** The application context is closing. */
    SHUTDOWN
}
