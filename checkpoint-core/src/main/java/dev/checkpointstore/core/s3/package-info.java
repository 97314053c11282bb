/**
 * A {@link dev.checkpointstore.core.CheckpointStore} on S3 or any S3-compatible object store,
 * through the synchronous AWS SDK v2 {@code S3Client}: conditional-write fencing of manifests, a
 * compare-and-swap latest pointer that never moves back, and streaming sidecars.
 */
@NullMarked
package dev.checkpointstore.core.s3;

import org.jspecify.annotations.NullMarked;
