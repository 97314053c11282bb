/**
 * JMH benchmarks of the checkpoint stores, each measured against a hand-done baseline of the same
 * I/O in the same run, so results read as ratios to the machine's limit. {@link
 * dev.checkpointstore.benchmarks.QuickProfile} runs the quick profile; docs/benchmarks.md records
 * the figures.
 */
@NullMarked
package dev.checkpointstore.benchmarks;

import org.jspecify.annotations.NullMarked;
