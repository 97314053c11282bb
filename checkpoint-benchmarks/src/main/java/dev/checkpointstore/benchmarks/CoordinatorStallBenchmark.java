package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.spring.coordinator.CheckpointBarrier;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointParticipant;
import dev.checkpointstore.spring.coordinator.CheckpointResult;
import dev.checkpointstore.spring.coordinator.CheckpointSource;
import dev.checkpointstore.spring.coordinator.RestoredState;
import dev.checkpointstore.spring.coordinator.StateSnapshot;
import dev.checkpointstore.spring.coordinator.TransactionalSink;
import dev.checkpointstore.test.Directories;

/**
 * Benchmark 6: how long a checkpoint of the coordinator holds a listener thread, next to a bare
 * {@code saveWithState} of the same state. A listener thread processes records without pause
 * through the coordinator's barrier; each checkpoint holds it from the moment the cut is asked for
 * until the sources' positions, the participant's snapshot (a copy of its state parts) and the
 * sink's pre-commit are taken, and lets it go while the state is saved. The stall is the
 * {@code stallNanos / checkpoints} counter of {@code coordinator_checkpoint}; its score is the
 * whole checkpoint (cut, save, sink commit, manifest update to Committed). Target: the stall at
 * most 1.2x the bare save's time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
        "-Dorg.slf4j.simpleLogger.log.dev.checkpointstore=warn" })
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class CoordinatorStallBenchmark {

    /**
     * The forks' JVM arguments: a fixed, pre-touched heap, as a long-running service has, so that
     * the snapshot's copy does not pay for the first touch of fresh memory in every checkpoint; and
     * no INFO line per checkpoint.
     */
    static final List<String> JVM_ARGS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
            "-Dorg.slf4j.simpleLogger.log.dev.checkpointstore=warn");

    /** Size of the participant's state. */
    @Param({"1MiB", "10MiB"})
    public String size;

    /** How many parts the state is made of, each its own sidecar slice. */
    @Param("8")
    public int parts;

    private List<byte[]> state;
    private List<ByteBuffer> chunks;
    private Path dir;
    private CheckpointStore coordinatorStore;
    private CheckpointStore bareStore;
    private CheckpointCoordinator coordinator;
    private CheckpointManifest bareShape;
    private long bareId;
    private volatile boolean listening;
    private volatile long records;
    private volatile long work;
    private Thread listener;

    /** Counts the time the listener was held, per checkpoint. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Stalls {

        /** Nanoseconds the listener was held, summed over the iteration's checkpoints. */
        public long stallNanos;

        /** Checkpoints taken in the iteration. */
        public long checkpoints;

        /** Starts each iteration at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            stallNanos = 0;
            checkpoints = 0;
        }
    }

    /** Generates the state, builds the coordinator over one store and starts the listener. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        chunks = StateData.heapChunks(StateData.parseSize(size), parts, XorShift64.DEFAULT_SEED);
        state = new ArrayList<>();
        for (ByteBuffer chunk : chunks) {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.duplicate().get(bytes);
            state.add(bytes);
        }
        dir = BenchDirs.fresh("coordinator-" + size);
        coordinatorStore = Stores.filesystem(dir.resolve("coordinator"));
        bareStore = Stores.filesystem(dir.resolve("bare"));
        coordinator = CheckpointCoordinator.builder(coordinatorStore).build()
                .addSource(new RecordSource())
                .addParticipant(new CopyingParticipant())
                .addSink(new NoSink());
        coordinator.restore(Optional.empty(), 1);
        listening = true;
        listener = new Thread(this::listen, "benchmark-listener");
        listener.setDaemon(true);
        listener.start();
        CheckpointResult first = coordinator.checkpoint();
        bareShape = coordinatorStore.loadById(first.checkpointId()).orElseThrow().toBuilder().stateChecksum(null)
                .build();
    }

    /** Deletes what the iteration wrote, so the disk does not fill; ids keep rising. */
    @TearDown(Level.Iteration)
    public void trim() {
        coordinatorStore.prune(1);
        if (bareId > 0) {
            bareStore.prune(1);
        }
    }

    /** Stops the listener and removes everything the trial wrote. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        listening = false;
        listener.join();
        Directories.deleteTree(dir);
    }

    /**
     * One checkpoint of the coordinator while the listener runs.
     * @param stalls where the time the listener was held is added up
     * @return the checkpoint
     */
    @Benchmark
    public CheckpointResult coordinator_checkpoint(Stalls stalls) {
        CheckpointResult result = coordinator.checkpoint();
        stalls.stallNanos += result.stall().toNanos();
        stalls.checkpoints++;
        return result;
    }

    /** The same state and manifest saved by the store alone. */
    @Benchmark
    public void baseline_saveWithState() {
        long id = ++bareId;
        bareStore.saveWithState(bareShape.toBuilder().checkpointId(id).epoch(id).build(), chunks);
    }

    private void listen() {
        CheckpointBarrier barrier = coordinator.barrier();
        long spin = 0;
        while (listening) {
            barrier.enter();
            for (int i = 0; i < 200; i++) {
                spin += i ^ records;
            }
            records = records + 1;
            barrier.exit();
        }
        work = spin;
    }

    /** The listener's position: how many records it processed. */
    private final class RecordSource implements CheckpointSource {

        @Override
        public String name() {
            return "records";
        }

        @Override
        public Map<String, String> offsets() {
            return Map.of("seq", Long.toString(records));
        }

        @Override
        public void restore(Optional<ConnectorCheckpoint> checkpoint) {
        }
    }

    /** State that is copied at each snapshot, as a participant serializing its own state would. */
    private final class CopyingParticipant implements CheckpointParticipant {

        @Override
        public String name() {
            return "state";
        }

        @Override
        public StateSnapshot snapshot() {
            Map<String, byte[]> copy = new LinkedHashMap<>();
            for (int i = 0; i < state.size(); i++) {
                copy.put("part-" + i, state.get(i).clone());
            }
            return StateSnapshot.ofParts(copy);
        }

        @Override
        public void restore(RestoredState restored) {
        }
    }

    /** A sink with nothing to do, so that the commit path and the manifest update run. */
    private static final class NoSink implements TransactionalSink {

        @Override
        public String name() {
            return "sink";
        }

        @Override
        public void preCommit(long epoch) {
        }

        @Override
        public void commit(long epoch) {
        }

        @Override
        public void abort(long epoch) {
        }
    }
}
