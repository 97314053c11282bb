/**
 * The sample's streaming pipeline, free of Spring: a deterministic {@link
 * dev.checkpointstore.sample.pipeline.GeneratorSource}, a {@link
 * dev.checkpointstore.sample.pipeline.CountingOperator} whose state grows into the megabytes, a
 * two-phase-commit {@link dev.checkpointstore.sample.pipeline.EpochFileSink}, and the {@link
 * dev.checkpointstore.sample.pipeline.CheckpointCoordinator} that ties them to a
 * {@link dev.checkpointstore.core.CheckpointStore} for exactly-once results across crashes.
 */
@NullMarked
package dev.checkpointstore.sample.pipeline;

import org.jspecify.annotations.NullMarked;
