/**
 * What a Spring application uses of checkpoint-store at run time: the startup
 * {@link dev.checkpointstore.spring.CheckpointRecovery}, its event, the cached
 * {@link dev.checkpointstore.spring.CheckpointInspector} behind health and the endpoint, and the
 * orphan cleaner.
 */
@NullMarked
package dev.checkpointstore.spring;

import org.jspecify.annotations.NullMarked;
