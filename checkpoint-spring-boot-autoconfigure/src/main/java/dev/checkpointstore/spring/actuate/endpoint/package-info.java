/**
 * The {@code checkpoints} actuator endpoint.
 */
@NullMarked
package dev.checkpointstore.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
