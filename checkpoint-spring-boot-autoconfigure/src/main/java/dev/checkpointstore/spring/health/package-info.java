/**
 * The {@code checkpoints} health indicator.
 */
@NullMarked
package dev.checkpointstore.spring.health;

import org.jspecify.annotations.NullMarked;
