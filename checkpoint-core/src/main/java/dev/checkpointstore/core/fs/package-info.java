/**
 * A {@link dev.checkpointstore.core.CheckpointStore} on a local directory, in LaminarDB's
 * filesystem layout ({@link dev.checkpointstore.core.fs.FileSystemLayout}).
 */
@NullMarked
package dev.checkpointstore.core.fs;

import org.jspecify.annotations.NullMarked;
