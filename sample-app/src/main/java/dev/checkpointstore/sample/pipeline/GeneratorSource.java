package dev.checkpointstore.sample.pipeline;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.spring.coordinator.CheckpointSource;

/**
 * Reads the {@link EventStream} in order and remembers how far it got. Its position in a
 * checkpoint is the offset of the last event handed out; after a restore it resumes with the next
 * one. Read by the pipeline thread, positioned by the checkpoint coordinator during a cut.
 */
public final class GeneratorSource implements CheckpointSource {

    /** The source's name in the manifest's {@code source_offsets} and {@code source_names}. */
    public static final String NAME = "generator";

    /** The key of the last emitted offset in the source's {@code offsets} map. */
    public static final String OFFSET_KEY = "offset";

    private final EventStream stream;
    private long next;

    /**
     * Creates a source at the start of the stream.
     * @param stream the stream
     */
    public GeneratorSource(EventStream stream) {
        this.stream = stream;
    }

    /**
     * Whether events remain.
     * @return true when {@link #next()} has an event
     */
    public boolean hasNext() {
        return next < stream.total();
    }

    /**
     * The next event.
     * @return the event
     * @throws IllegalStateException when the stream is exhausted
     */
    public SourceEvent next() {
        if (!hasNext()) {
            throw new IllegalStateException("the stream of " + stream.total() + " events is exhausted");
        }
        return stream.event(next++);
    }

    /**
     * How many events this source has handed out, counting those before a restore.
     * @return the offset of the next event
     */
    public long position() {
        return next;
    }

    /**
     * The offset of the last event handed out.
     * @return the offset, or empty before the first event
     */
    public OptionalLong lastOffset() {
        return next == 0 ? OptionalLong.empty() : OptionalLong.of(next - 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The source's position for a checkpoint.
     * @return the last emitted offset under {@value #OFFSET_KEY}, or no offsets before the first event
     */
    @Override
    public Map<String, String> offsets() {
        OptionalLong last = lastOffset();
        return last.isPresent() ? Map.of(OFFSET_KEY, Long.toString(last.getAsLong())) : Map.of();
    }

    /**
     * Moves the source to just after a checkpointed position, or to the start of the stream.
     * @param checkpoint the position {@link #offsets} gave, empty for a fresh start
     * @throws IllegalStateException when the offset is not a number inside the stream
     */
    @Override
    public void restore(Optional<ConnectorCheckpoint> checkpoint) {
        String offset = checkpoint.map(position -> position.offsets().get(OFFSET_KEY)).orElse(null);
        if (offset == null) {
            next = 0;
            return;
        }
        long last;
        try {
            last = Long.parseLong(offset);
        }
        catch (NumberFormatException ex) {
            throw new IllegalStateException("source '" + NAME + "' offset '" + offset + "' is not a number", ex);
        }
        if (last < 0 || last >= stream.total()) {
            throw new IllegalStateException("source '" + NAME + "' offset " + last + " is outside the stream of "
                    + stream.total() + " events");
        }
        next = last + 1;
    }
}
