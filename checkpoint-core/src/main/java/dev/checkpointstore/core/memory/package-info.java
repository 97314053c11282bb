/**
 * An in-memory {@link dev.checkpointstore.core.CheckpointStore} for tests and for
 * {@code checkpoint.backend=memory}.
 */
@NullMarked
package dev.checkpointstore.core.memory;

import org.jspecify.annotations.NullMarked;
