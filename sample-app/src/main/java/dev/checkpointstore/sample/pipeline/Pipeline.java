package dev.checkpointstore.sample.pipeline;

/**
 * The single-threaded pipeline: source, operator and sink, checkpointed by the coordinator
 * between batches of events, so every checkpoint is a consistent cut.
 */
public final class Pipeline {

    private final GeneratorSource source;
    private final CountingOperator operator;
    private final EpochFileSink sink;
    private final CheckpointCoordinator coordinator;
    private final CheckpointTrigger trigger;

    /**
     * Wires a pipeline; restore it through the coordinator before processing.
     * @param source the source
     * @param operator the operator
     * @param sink the sink
     * @param coordinator the coordinator
     * @param trigger when to checkpoint
     */
    public Pipeline(GeneratorSource source, CountingOperator operator, EpochFileSink sink,
            CheckpointCoordinator coordinator, CheckpointTrigger trigger) {
        this.source = source;
        this.operator = operator;
        this.sink = sink;
        this.coordinator = coordinator;
        this.trigger = trigger;
    }

    /**
     * Processes up to {@code maxEvents} events, then checkpoints if one is due.
     * @param maxEvents the batch size
     * @return how many events were processed, 0 when the stream is exhausted
     */
    public int process(int maxEvents) {
        int processed = 0;
        while (processed < maxEvents && source.hasNext()) {
            sink.write(operator.process(source.next()));
            processed++;
        }
        if (trigger.due() && coordinator.hasProgress()) {
            checkpoint();
        }
        return processed;
    }

    /**
     * Whether every event was processed.
     * @return true when the source is exhausted
     */
    public boolean exhausted() {
        return !source.hasNext();
    }

    /**
     * Takes a checkpoint when events were processed since the last one, as on a clean shutdown.
     * @return whether a checkpoint was taken
     */
    public boolean checkpointIfProgress() {
        if (!coordinator.hasProgress()) {
            return false;
        }
        checkpoint();
        return true;
    }

    /**
     * Finishes an exhausted stream: takes the last checkpoint if needed and writes the result.
     * @throws IllegalStateException when events remain
     */
    public void complete() {
        if (!exhausted()) {
            throw new IllegalStateException("cannot complete: the source is at event " + source.position());
        }
        checkpointIfProgress();
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
     * How many checkpoints this pipeline took since it was restored.
     * @return the count
     */
    public int checkpoints() {
        return coordinator.checkpointsTaken();
    }

    private void checkpoint() {
        coordinator.checkpoint();
        trigger.checkpointed();
    }
}
