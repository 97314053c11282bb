/**
 * The sample's streaming pipeline: a deterministic {@link
 * dev.checkpointstore.sample.pipeline.GeneratorSource}, a {@link
 * dev.checkpointstore.sample.pipeline.CountingOperator} whose state grows into the megabytes, and a
 * two-phase-commit {@link dev.checkpointstore.sample.pipeline.EpochFileSink}, tied to the
 * starter's checkpoint coordinator as a source, a participant and a transactional sink for
 * exactly-once results across crashes.
 */
@NullMarked
package dev.checkpointstore.sample.pipeline;

import org.jspecify.annotations.NullMarked;
