/**
 * Scheduled orphan cleanup on the starter's own thread.
 */
@NullMarked
package dev.checkpointstore.spring.scheduling;

import org.jspecify.annotations.NullMarked;
