/**
 * Kafka as a checkpoint source: spring-kafka listener containers enrolled with the
 * {@link dev.checkpointstore.spring.coordinator.CheckpointCoordinator}. Their offsets go into
 * {@code source_offsets} in LaminarDB's Kafka form, their records pass the checkpoint barrier,
 * their partitions resume from the restored checkpoint, and their offsets are committed to the
 * consumer group only once a checkpoint is committed.
 */
@NullMarked
package dev.checkpointstore.spring.coordinator.kafka;

import org.jspecify.annotations.NullMarked;
