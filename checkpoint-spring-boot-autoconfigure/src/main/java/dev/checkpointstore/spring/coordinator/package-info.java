/**
 * The checkpoint coordinator: takes consistent checkpoints of a Spring service's sources,
 * {@link dev.checkpointstore.spring.coordinator.CheckpointParticipant participants} and
 * {@link dev.checkpointstore.spring.coordinator.TransactionalSink transactional sinks}, cut
 * between records by the {@link dev.checkpointstore.spring.coordinator.CheckpointBarrier}, saves
 * them to the {@link dev.checkpointstore.core.CheckpointStore} and restores them on start.
 */
@NullMarked
package dev.checkpointstore.spring.coordinator;

import org.jspecify.annotations.NullMarked;
