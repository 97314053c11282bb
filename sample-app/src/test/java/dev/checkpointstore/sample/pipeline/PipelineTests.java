package dev.checkpointstore.sample.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;
import dev.checkpointstore.core.StateChecksum;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.sample.ExpectedResult;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointFailedException;
import dev.checkpointstore.spring.coordinator.CheckpointRestoreException;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The generator pipeline with the starter's checkpoint coordinator, without Spring: checkpoints
 * taken between batches, crashes at every step of a checkpoint, and restores.
 */
class PipelineTests {

    private static final long TOTAL = 40_000;
    private static final int KEYS = 2_000;
    private static final int BATCH = 500;
    private static final int INLINE_THRESHOLD = 1_024;

    @TempDir
    Path dir;

    private final InMemoryCheckpointStore memory = InMemoryCheckpointStore.builder().build();

    @Test
    void uninterruptedRunWritesTheExpectedResult() throws IOException {
        Job job = new Job(memory, TOTAL, 4);
        job.restore();
        job.runToTheEnd();
        job.pipeline.complete();

        assertThat(read(job.result)).isEqualTo(ExpectedResult.of(TOTAL, KEYS));
        assertThat(job.pipeline.events()).isEqualTo(TOTAL);
        assertThat(job.pipeline.checkpoints()).isEqualTo(memory.listIds().size()).isEqualTo(20);
    }

    @Test
    void checkpointsMoveStateFromInlineToTheSidecarAsItGrows() {
        Job job = new Job(memory, TOTAL, 4);
        job.restore();
        job.runToTheEnd();
        job.pipeline.complete();

        CheckpointManifest first = memory.loadById(1).orElseThrow();
        assertThat(first.operatorStates().values()).noneMatch(OperatorCheckpoint::external);
        assertThat(first.sourceOffsets().get("generator").offsets()).containsEntry("offset", "1999");
        assertThat(memory.loadStateData(1)).isEmpty();
        assertThat(first.stateChecksum()).hasValue(StateChecksum.inlineHash(first));

        long lastId = memory.latestId().orElseThrow();
        CheckpointManifest last = memory.loadById(lastId).orElseThrow();
        assertThat(last.operatorStates()).containsKeys("counter/summary", "counter/counts-0", "counter/counts-7");
        assertThat(last.operatorStates().get("counter/summary").external()).isFalse();
        assertThat(last.operatorStates().values().stream().filter(OperatorCheckpoint::external)).hasSize(8);
        assertThat(last.sourceOffsets().get("generator").offsets()).containsEntry("offset", Long.toString(TOTAL - 1));
        assertThat(last.stateChecksum()).isPresent();
        assertThat(memory.loadStateData(lastId).orElseThrow().length).isGreaterThan(8 * INLINE_THRESHOLD);
        for (long id : memory.listIds()) {
            CheckpointManifest manifest = memory.loadById(id).orElseThrow();
            assertThat(manifest.epoch()).isEqualTo(id);
            assertThat(manifest.sinkEpochs()).containsEntry("result-sink", id);
            assertThat(manifest.sinkCommitStatuses().get("result-sink")).isEqualTo(SinkCommitStatus.COMMITTED);
            assertThat(manifest.vnodeCount()).isEqualTo(memory.vnodeCount());
            assertThat(memory.validateCheckpoint(id).valid()).isTrue();
            assertThat(memory.validateCheckpoint(id).issues()).isEmpty();
        }
    }

    @Test
    void restoreThenContinueEqualsAnUninterruptedRunAfterManyCrashes() throws IOException {
        CrashingStore store = new CrashingStore(memory);
        Random random = new Random(42);
        List<String> crashes = new ArrayList<>();
        long lastSaved = 0;
        Job job;
        while (true) {
            store.revive();
            job = new Job(store, TOTAL, 3);
            Optional<CheckpointManifest> chosen = job.restore();
            long restored = chosen.map(CheckpointManifest::checkpointId).orElse(0L);
            assertThat(restored).as("restored checkpoint after %s", crashes).isGreaterThanOrEqualTo(lastSaved);
            if (crashes.size() == 12) {
                break;
            }
            int batches = random.nextInt(12);
            CrashingStore.Step step = switch (random.nextInt(4)) {
                case 0 -> CrashingStore.Step.BEFORE_SAVE;
                case 1 -> CrashingStore.Step.AFTER_SAVE;
                case 2 -> CrashingStore.Step.BEFORE_UPDATE;
                default -> null;
            };
            for (int b = 0; b < batches && !job.pipeline.exhausted(); b++) {
                job.step();
            }
            if (step == null) {
                crashes.add("abandoned at event " + job.pipeline.events());
            }
            else {
                store.crashAt(step);
                while (!job.pipeline.exhausted() && store.died() == null) {
                    try {
                        job.step();
                    }
                    catch (CheckpointFailedException ex) {
                        assertThat(ex).hasRootCauseInstanceOf(CrashingStore.SimulatedCrash.class);
                    }
                }
                crashes.add((store.died() == null ? "reached the end" : "died " + store.died()) + " at event "
                        + job.pipeline.events());
            }
            lastSaved = store.lastSaved();
        }
        job.runToTheEnd();
        job.pipeline.complete();

        assertThat(crashes).anyMatch(c -> c.contains("AFTER_SAVE")).anyMatch(c -> c.contains("BEFORE_UPDATE"))
                .anyMatch(c -> c.contains("BEFORE_SAVE")).anyMatch(c -> c.startsWith("abandoned"));
        assertThat(read(job.result)).as("after %s", crashes).isEqualTo(ExpectedResult.of(TOTAL, KEYS));
    }

    @Test
    void aPendingCheckpointIsCommittedOnRestore() {
        CrashingStore store = new CrashingStore(memory);
        Job job = new Job(store, TOTAL, 1);
        job.restore();
        store.crashAt(CrashingStore.Step.BEFORE_UPDATE);
        job.step();
        assertThat(store.died()).isEqualTo(CrashingStore.Step.BEFORE_UPDATE);
        assertThat(memory.loadById(1).orElseThrow().sinkCommitStatuses().get("result-sink"))
                .isEqualTo(SinkCommitStatus.PENDING);

        Job restarted = new Job(memory, TOTAL, 1);
        assertThat(restarted.restore()).map(CheckpointManifest::checkpointId).hasValue(1L);
        CheckpointManifest updated = memory.loadById(1).orElseThrow();
        assertThat(updated.sinkCommitStatuses().get("result-sink")).isEqualTo(SinkCommitStatus.COMMITTED);
        assertThat(memory.validateCheckpoint(1).valid()).isTrue();
        assertThat(restarted.sink.epochsDir().resolve("epoch-000001.json")).exists();
    }

    @Test
    void fallsBackToAnOlderCheckpointWhenTheNewestIsCorruptAndStillCountsEveryEventOnce() throws IOException {
        Job job = new Job(memory, TOTAL, 2);
        job.restore();
        for (int b = 0; b < 30; b++) {
            job.step();
        }
        long newest = memory.latestId().orElseThrow();
        assertThat(newest).isEqualTo(15);
        memory.putRawState(newest, new byte[] {1, 2, 3}, Instant.now());

        Job restarted = new Job(memory, TOTAL, 2);
        assertThat(restarted.restore()).map(CheckpointManifest::checkpointId).hasValue(newest - 1);
        assertThat(restarted.sink.epochsDir().resolve("epoch-000015.json")).doesNotExist();
        restarted.runToTheEnd();
        restarted.pipeline.complete();
        assertThat(memory.listIds()).contains(16L);
        assertThat(read(restarted.result)).isEqualTo(ExpectedResult.of(TOTAL, KEYS));
    }

    @Test
    void aRestartTakesItsNextIdPastStateACrashedSaveLeftBehind() throws IOException {
        Job job = new Job(memory, TOTAL, 2);
        job.restore();
        for (int b = 0; b < 6; b++) {
            job.step();
        }
        assertThat(memory.latestId()).hasValue(3);
        memory.saveStateData(4, List.of(ByteBuffer.wrap(new byte[] {4, 4, 4})));

        Job restarted = new Job(memory, TOTAL, 2);
        assertThat(restarted.restore()).map(CheckpointManifest::checkpointId).hasValue(3L);
        restarted.runToTheEnd();
        restarted.pipeline.complete();

        assertThat(memory.listIds()).startsWith(1L, 2L, 3L, 5L).doesNotContain(4L);
        assertThat(memory.loadStateData(4)).hasValue(new byte[] {4, 4, 4});
        assertThat(read(restarted.result)).isEqualTo(ExpectedResult.of(TOTAL, KEYS));
    }

    @Test
    void restartAfterCompletionWritesTheSameResultAgain() throws IOException {
        Job job = new Job(memory, TOTAL, 5);
        job.restore();
        job.runToTheEnd();
        job.pipeline.complete();
        String first = read(job.result);

        Job again = new Job(memory, TOTAL, 5);
        again.restore();
        assertThat(job.result).doesNotExist();
        assertThat(again.pipeline.exhausted()).isTrue();
        again.pipeline.complete();
        assertThat(again.pipeline.checkpoints()).isZero();
        assertThat(read(again.result)).isEqualTo(first);
    }

    @Test
    void refusesACheckpointOfAPipelineWithOtherSettings() {
        Job job = new Job(memory, TOTAL, 1);
        job.restore();
        job.step();

        Job other = new Job(memory, TOTAL * 2, 1);
        assertThatExceptionOfType(CheckpointRestoreException.class).isThrownBy(other::restore)
                .withMessageContaining("checkpoint 1 in memory was written by another pipeline")
                .withMessageContaining("total=80000");
    }

    @Test
    void runnerReturnsWhenStoppedAndTheNextRunResumesFromTheLastCheckpoint() throws IOException {
        Job stopping = new Job(memory, TOTAL, 1);
        stopping.restore();
        PipelineRunner runner = new PipelineRunner(stopping.pipeline, 0, System::nanoTime);
        stopping.pipeline.process(3 * 4_096);
        runner.requestStop();
        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.STOPPED);
        stopping.coordinator.checkpointIfProgress(CheckpointTrigger.SHUTDOWN);
        CheckpointManifest last = memory.loadLatest().orElseThrow();
        assertThat(last.sourceOffsets().get("generator").offsets()).containsEntry("offset", Long.toString(3 * 4_096 - 1));

        Job resumed = new Job(memory, TOTAL, 1);
        resumed.restore();
        assertThat(new PipelineRunner(resumed.pipeline, 0, System::nanoTime).run())
                .isEqualTo(PipelineRunner.Outcome.COMPLETED);
        assertThat(read(resumed.result)).isEqualTo(ExpectedResult.of(TOTAL, KEYS));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** One incarnation of the job: fresh objects over the same store and output directory. */
    private final class Job {

        final Path result = dir.resolve("output/result.json");
        final CheckpointStore store;
        final EpochFileSink sink;
        final CheckpointCoordinator coordinator;
        final Pipeline pipeline;
        final int checkpointEvery;
        private int batches;

        /**
         * @param checkpointEvery how many batches pass between two checkpoints, as the interval
         *     trigger would space them
         */
        Job(CheckpointStore store, long total, int checkpointEvery) {
            EventStream stream = new EventStream(total, KEYS);
            GeneratorSource source = new GeneratorSource(stream);
            CountingOperator operator = new CountingOperator(KEYS);
            this.store = store;
            this.sink = new EpochFileSink(result, stream);
            this.coordinator = CheckpointCoordinator.builder(store).inlineThreshold(INLINE_THRESHOLD)
                    .pipelineId("pipeline-tests total=" + total).build()
                    .addSource(source)
                    .addParticipant(new CounterParticipant(operator, new OperatorStateCodec(8), KEYS))
                    .addSink(sink);
            this.pipeline = new Pipeline(source, operator, sink, coordinator);
            this.checkpointEvery = checkpointEvery;
        }

        /** Restores from what recovery chooses, as the starter does on startup. */
        Optional<CheckpointManifest> restore() {
            CheckpointRecovery recovery = CheckpointRecovery.recover(store);
            coordinator.restore(recovery);
            return recovery.manifest();
        }

        /** Processes one batch, then checkpoints when one is due. */
        void step() {
            pipeline.process(BATCH);
            if (++batches % checkpointEvery == 0) {
                coordinator.checkpointIfProgress(CheckpointTrigger.INTERVAL);
            }
        }

        void runToTheEnd() {
            while (!pipeline.exhausted()) {
                step();
            }
        }
    }
}
