package dev.checkpointstore.sample.pipeline;

import dev.checkpointstore.spring.coordinator.CheckpointBarrier;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;

/**
 * The single-threaded pipeline: source, operator and sink. Each batch of events passes the
 * coordinator's {@link CheckpointBarrier} as one unit of work, so a checkpoint (taken by the
 * coordinator on its own thread) always falls between two batches: a consistent cut.
 */
public final class Pipeline {

    private final GeneratorSource source;
    private final CountingOperator operator;
    private final EpochFileSink sink;
    private final CheckpointCoordinator coordinator;

    /**
     * Wires a pipeline; the coordinator restores it before processing.
     * @param source the source
     * @param operator the operator
     * @param sink the sink
     * @param coordinator the coordinator its parts are registered with
     */
    public Pipeline(GeneratorSource source, CountingOperator operator, EpochFileSink sink,
            CheckpointCoordinator coordinator) {
        this.source = source;
        this.operator = operator;
        this.sink = sink;
        this.coordinator = coordinator;
    }

    /**
     * Processes up to {@code maxEvents} events as one unit of work.
     * @param maxEvents the batch size
     * @return how many events were processed, 0 when the stream is exhausted
     */
    public int process(int maxEvents) {
        CheckpointBarrier barrier = coordinator.barrier();
        barrier.enter();
        try {
            int processed = 0;
            while (processed < maxEvents && source.hasNext()) {
                sink.write(operator.process(source.next()));
                processed++;
            }
            return processed;
        }
        finally {
            barrier.exit();
        }
    }

    /**
     * Whether every event was processed.
     * @return true when the source is exhausted
     */
    public boolean exhausted() {
        return !source.hasNext();
    }

    /**
     * Finishes an exhausted stream: takes the last checkpoint if events were processed since the
     * previous one, and writes the result.
     * @throws IllegalStateException when events remain
     */
    public void complete() {
        if (!exhausted()) {
            throw new IllegalStateException("cannot complete: the source is at event " + source.position());
        }
        coordinator.checkpointIfProgress(CheckpointTrigger.API);
        sink.finish(operator.snapshot());
    }

    /**
     * How many events were processed, counting those before a restore.
     * @return the event count
     */
    public long events() {
        return operator.events();
    }

    /**
     * How many checkpoints were taken since the pipeline was restored.
     * @return the count
     */
    public int checkpoints() {
        return coordinator.checkpointsTaken();
    }
}
