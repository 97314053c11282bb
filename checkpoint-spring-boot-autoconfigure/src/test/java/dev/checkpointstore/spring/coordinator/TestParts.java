package dev.checkpointstore.spring.coordinator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.checkpointstore.core.ConnectorCheckpoint;

/** Participants, sinks and sources for coordinator tests, recording what the coordinator does to them. */
final class TestParts {

    private TestParts() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A participant whose state is what {@code state} supplies, in the parts given. */
    static final class Participant implements CheckpointParticipant {

        final String name;
        volatile Supplier<StateSnapshot> state;
        final List<RestoredState> restores = new ArrayList<>();
        final Map<String, String> restoredParts = new LinkedHashMap<>();

        Participant(String name, Supplier<StateSnapshot> state) {
            this.name = name;
            this.state = state;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public StateSnapshot snapshot() {
            return state.get();
        }

        @Override
        public void restore(RestoredState restored) {
            restores.add(restored);
            for (String part : restored.partNames()) {
                restoredParts.put(part, text(restored.part(part).orElseThrow()));
            }
        }
    }

    /** A sink that records every call as text, such as {@code preCommit 3}. */
    static final class Sink implements TransactionalSink {

        final String name;
        final List<String> calls = new ArrayList<>();
        volatile RuntimeException failCommit;

        Sink(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized void preCommit(long epoch) {
            calls.add("preCommit " + epoch);
        }

        @Override
        public synchronized void commit(long epoch) {
            calls.add("commit " + epoch);
            if (failCommit != null) {
                throw failCommit;
            }
        }

        @Override
        public synchronized void abort(long epoch) {
            calls.add("abort " + epoch);
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }
    }

    /** A source whose position is a counter, as {@code {"seq": "N"}}. */
    static class Source implements CheckpointSource {

        final String name;
        final AtomicLong position = new AtomicLong(-1);
        final List<Optional<ConnectorCheckpoint>> restores = new ArrayList<>();
        final List<Long> committed = new ArrayList<>();

        Source(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Map<String, String> offsets() {
            long last = position.get();
            return last < 0 ? Map.of() : Map.of("seq", Long.toString(last));
        }

        @Override
        public void restore(Optional<ConnectorCheckpoint> checkpoint) {
            restores.add(checkpoint);
            position.set(checkpoint.map(c -> Long.parseLong(c.offsets().get("seq"))).orElse(-1L));
        }

        @Override
        public synchronized void committed(long checkpointId, ConnectorCheckpoint position) {
            committed.add(checkpointId);
        }
    }
}
