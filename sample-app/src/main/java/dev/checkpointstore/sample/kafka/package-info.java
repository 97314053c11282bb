/**
 * The sample's Kafka mode: a {@code @KafkaListener} that counts a keyed topic per key, with its
 * state kept per partition ({@link dev.checkpointstore.sample.kafka.PartitionedCounter}) and its
 * output written through the two-phase-commit sink, checkpointed by the starter's coordinator.
 */
@NullMarked
package dev.checkpointstore.sample.kafka;

import org.jspecify.annotations.NullMarked;
