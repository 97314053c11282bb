/**
 * What the object-store backends (S3 in {@link dev.checkpointstore.core.s3}, Azure Blob in
 * {@link dev.checkpointstore.core.azure}) share: LaminarDB's object layout under a prefix, so a tree
 * copied from one store to another reads the same; what a store knows of its ids between listings
 * and of the sidecars a prune still owes ({@link dev.checkpointstore.core.objectstore.KnownCheckpoints});
 * the latest pointer as a compare-and-swap register on the object's ETag
 * ({@link dev.checkpointstore.core.objectstore.VersionedPointer});
 * and the failure of a store that does not honour the conditional writes their fencing relies on.
 */
@NullMarked
package dev.checkpointstore.core.objectstore;

import org.jspecify.annotations.NullMarked;
