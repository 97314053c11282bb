/**
 * The test kit of checkpoint-store: the contract suite every {@code CheckpointStore} backend's test
 * extends, a clock tests move forward or stop, checksums computed independently of the store,
 * FORMAT.md's example trees and directory helpers.
 */
@NullMarked
package dev.checkpointstore.test;

import org.jspecify.annotations.NullMarked;
