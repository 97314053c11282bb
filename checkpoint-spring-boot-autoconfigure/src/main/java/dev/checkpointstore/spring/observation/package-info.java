/**
 * Micrometer observations of checkpoint-store: spans and timers for saves, recoveries (with their
 * list, read and verify steps), prunes and orphan cleanups.
 */
@NullMarked
package dev.checkpointstore.spring.observation;

import org.jspecify.annotations.NullMarked;
