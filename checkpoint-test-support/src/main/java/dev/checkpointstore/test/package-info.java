/**
 * The test kit of checkpoint-store: the contract suite every {@code CheckpointStore} backend's test
 * extends, a clock tests move forward, checksums computed independently of the store and
 * directory helpers.
 */
@NullMarked
package dev.checkpointstore.test;

import org.jspecify.annotations.NullMarked;
