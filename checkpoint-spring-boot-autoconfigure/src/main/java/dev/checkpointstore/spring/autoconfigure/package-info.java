/**
 * Auto-configuration of checkpoint-store: the store for the configured backend, the startup
 * recovery, the actuator endpoint, the health indicator, scheduled orphan cleanup and metrics,
 * with {@link dev.checkpointstore.spring.autoconfigure.CheckpointProperties} under {@code checkpoint.*}.
 */
@NullMarked
package dev.checkpointstore.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
