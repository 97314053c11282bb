/**
 * The checkpoint-store sample: a Spring Boot streaming service whose pipeline ({@link
 * dev.checkpointstore.sample.pipeline}) checkpoints through the starter and resumes with
 * exactly-once results after {@code kill -9}.
 */
@NullMarked
package dev.checkpointstore.sample;

import org.jspecify.annotations.NullMarked;
