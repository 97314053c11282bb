/**
 * The {@link dev.checkpointstore.core.CheckpointStore} API, the checkpoint manifest model and its
 * LaminarDB-compatible JSON codec, state checksums, validation and recovery.
 *
 * <p>Backends live in sub-packages: {@code fs} (a local directory), {@code memory} (tests) and
 * {@code s3} (any S3-compatible object store, through the AWS SDK v2).
 */
@NullMarked
package dev.checkpointstore.core;

import org.jspecify.annotations.NullMarked;
