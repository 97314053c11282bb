/**
 * Micrometer metrics of checkpoint-store.
 */
@NullMarked
package dev.checkpointstore.spring.metrics;

import org.jspecify.annotations.NullMarked;
