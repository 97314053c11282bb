package dev.checkpointstore.spring.coordinator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.ForwardingCheckpointStore;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointRecovery;

import static dev.checkpointstore.spring.coordinator.TestParts.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CheckpointCoordinatorTests {

    private final InMemoryCheckpointStore memory = InMemoryCheckpointStore.builder().build();

    private final RecordingStore store = new RecordingStore(memory);

    private final List<Object> events = new ArrayList<>();

    private final TestParts.Participant counter = new TestParts.Participant("counter",
            () -> StateSnapshot.ofParts(Map.of("summary", bytes("small"))));

    private final TestParts.Sink sink = new TestParts.Sink("out");

    private final TestParts.Source source = new TestParts.Source("seq-source");

    private CheckpointCoordinator coordinator(int inlineThreshold) {
        return CheckpointCoordinator.builder(store).inlineThreshold(inlineThreshold).eventPublisher(events::add).build()
                .addParticipant(counter).addSink(sink).addSource(source);
    }

    @Test
    void aCheckpointRecordsPositionsStateAndSinkEpochPendingThenCommitted() {
        CheckpointCoordinator coordinator = coordinator(1024);
        coordinator.restore(CheckpointRecovery.recover(store));
        source.position.set(41);

        CheckpointResult result = coordinator.checkpoint();

        assertThat(result.checkpointId()).isEqualTo(1);
        assertThat(result.committed()).isTrue();
        CheckpointManifest saved = store.saved.get(0);
        assertThat(saved.checkpointId()).isEqualTo(1);
        assertThat(saved.epoch()).isEqualTo(1);
        assertThat(saved.sourceOffsets()).containsEntry("seq-source",
                new ConnectorCheckpoint(Map.of("seq", "41"), 1, Map.of()));
        assertThat(saved.sourceNames()).containsExactly("seq-source");
        assertThat(saved.sinkNames()).containsExactly("out");
        assertThat(saved.sinkEpochs()).containsEntry("out", 1L);
        assertThat(saved.sinkCommitStatuses()).containsEntry("out", SinkCommitStatus.PENDING);
        assertThat(saved.operatorStates()).containsOnlyKeys("counter/summary");
        assertThat(saved.vnodeCount()).isEqualTo(store.vnodeCount());
        assertThat(store.updated).singleElement().satisfies(updated -> {
            assertThat(updated.sinkCommitStatuses()).containsEntry("out", SinkCommitStatus.COMMITTED);
            assertThat(updated.stateChecksum()).isEqualTo(memory.loadById(1).orElseThrow().stateChecksum());
        });
        assertThat(memory.validateCheckpoint(1).issues()).isEmpty();
        assertThat(sink.calls()).containsExactly("abort 1", "preCommit 1", "commit 1");
        assertThat(source.committed).containsExactly(1L);
        assertThat(events).singleElement().isInstanceOfSatisfying(CheckpointCompletedEvent.class,
                event -> assertThat(event.getResult()).isEqualTo(result));
    }

    @Test
    void smallPartsGoInlineAndLargePartsToTheSidecarEachAsItsOwnSlice() {
        counter.state = () -> StateSnapshot.ofParts(orderedParts("summary", "tiny", "counts-0", "x".repeat(100),
                "counts-1", "y".repeat(200)));
        CheckpointCoordinator coordinator = coordinator(16);
        coordinator.restore(CheckpointRecovery.recover(store));

        CheckpointResult result = coordinator.checkpoint();

        CheckpointManifest saved = memory.loadById(1).orElseThrow();
        assertThat(saved.operatorStates().get("counter/summary").external()).isFalse();
        assertThat(saved.operatorStates().get("counter/counts-0")).isEqualTo(OperatorCheckpoint.external(0, 100));
        assertThat(saved.operatorStates().get("counter/counts-1")).isEqualTo(OperatorCheckpoint.external(100, 200));
        assertThat(store.sidecarChunks).containsExactly(2);
        assertThat(result.inlineBytes()).isEqualTo(4);
        assertThat(result.sidecarBytes()).isEqualTo(300);
        assertThat(memory.loadOperatorState(1, "counter/counts-1")).hasValue(bytes("y".repeat(200)));
        assertThat(memory.validateCheckpoint(1).valid()).isTrue();
    }

    @Test
    void restoreGivesEachPartTheCheckpointsStateAndLoadsOnlyThePartsAskedFor() {
        counter.state = () -> StateSnapshot.ofParts(orderedParts("summary", "s", "counts-0", "z".repeat(64)));
        CheckpointCoordinator first = coordinator(8);
        first.restore(CheckpointRecovery.recover(store));
        source.position.set(9);
        first.checkpoint();

        TestParts.Participant restored = new TestParts.Participant("counter", StateSnapshot::empty);
        TestParts.Source restoredSource = new TestParts.Source("seq-source");
        CheckpointCoordinator second = CheckpointCoordinator.builder(store).build().addParticipant(restored)
                .addSource(restoredSource);
        second.restore(CheckpointRecovery.recover(store));

        assertThat(restored.restores).singleElement().satisfies(state -> {
            assertThat(state.isFresh()).isFalse();
            assertThat(state.checkpointId()).hasValue(1);
            assertThat(state.partNames()).containsExactly("counts-0", "summary");
            assertThat(state.state()).isEmpty();
        });
        assertThat(restored.restoredParts).containsEntry("summary", "s").containsEntry("counts-0", "z".repeat(64));
        assertThat(restoredSource.position).hasValue(9);
        assertThat(second.restoredCheckpointId()).hasValue(1);
    }

    @Test
    void aFreshStartTellsEveryoneAndAbortsEverySinkEpoch() {
        CheckpointCoordinator coordinator = coordinator(1024);

        coordinator.restore(CheckpointRecovery.recover(store));

        assertThat(counter.restores).singleElement().satisfies(state -> {
            assertThat(state.isFresh()).isTrue();
            assertThat(state.partNames()).isEmpty();
            assertThat(state.part("summary")).isEmpty();
        });
        assertThat(source.restores).containsExactly(Optional.empty());
        assertThat(sink.calls()).containsExactly("abort 1");
    }

    @Test
    void recoveryCommitsTheEpochTheCheckpointPromisedAbortsLaterOnesAndRecordsTheCommit() {
        CheckpointCoordinator first = coordinator(1024);
        first.restore(CheckpointRecovery.recover(store));
        source.position.set(3);
        first.checkpoint();
        source.position.set(4);
        store.failUpdates = true;
        first.checkpoint();
        assertThat(memory.loadById(2).orElseThrow().sinkCommitStatuses()).containsEntry("out", SinkCommitStatus.PENDING);
        store.failUpdates = false;

        TestParts.Sink restarted = new TestParts.Sink("out");
        CheckpointCoordinator second = CheckpointCoordinator.builder(store).build().addSink(restarted);
        second.restore(CheckpointRecovery.recover(store));

        assertThat(restarted.calls()).containsExactly("commit 2", "abort 3");
        assertThat(memory.loadById(2).orElseThrow().sinkCommitStatuses()).containsEntry("out", SinkCommitStatus.COMMITTED);
        assertThat(memory.validateCheckpoint(2).issues()).isEmpty();
    }

    @Test
    void aManifestLeftPendingIsNotReportedCommittedAndTheSourcesAreNotTold() {
        CheckpointCoordinator coordinator = coordinator(1024);
        coordinator.restore(CheckpointRecovery.recover(store));
        source.position.set(3);
        store.failUpdates = true;

        CheckpointResult result = coordinator.checkpoint();

        assertThat(result.committed()).isFalse();
        assertThat(result.sinkStatuses()).containsEntry("out", SinkCommitStatus.COMMITTED);
        assertThat(source.committed).isEmpty();
    }

    @Test
    void aSinkThatFailsToCommitIsRecordedFailedWithTheReasonAndTheNextCommitCoversItsEpoch() {
        CheckpointCoordinator coordinator = coordinator(1024);
        coordinator.restore(CheckpointRecovery.recover(store));
        source.position.set(3);
        sink.failCommit = new IllegalStateException("disk full");

        CheckpointResult failed = coordinator.checkpoint();

        assertThat(failed.committed()).isFalse();
        assertThat(failed.sinkStatuses()).containsEntry("out", SinkCommitStatus.failed("disk full"));
        assertThat(memory.loadById(1).orElseThrow().sinkCommitStatuses()).containsEntry("out",
                SinkCommitStatus.failed("disk full"));
        assertThat(source.committed).isEmpty();

        sink.failCommit = null;
        source.position.set(4);
        CheckpointResult next = coordinator.checkpoint();

        assertThat(next.committed()).isTrue();
        assertThat(sink.calls()).containsExactly("abort 1", "preCommit 1", "commit 1", "preCommit 2", "commit 2");
        assertThat(source.committed).containsExactly(2L);
    }

    @Test
    void idsStartAtTheStoresNextIdAndGrowByOnePerCheckpoint() {
        memory.saveStateData(7, List.of(ByteBuffer.wrap(new byte[] {7})));
        CheckpointCoordinator coordinator = coordinator(1024);
        coordinator.restore(CheckpointRecovery.recover(store));

        assertThat(coordinator.checkpoint().checkpointId()).isEqualTo(8);
        assertThat(coordinator.checkpoint().checkpointId()).isEqualTo(9);
        assertThat(memory.listIds()).containsExactly(8L, 9L);
        assertThat(memory.loadStateData(7)).hasValue(new byte[] {7});
    }

    @Test
    void idsAreUnsigned() {
        CheckpointCoordinator coordinator = coordinator(1024);
        long above = Long.MIN_VALUE + 5;
        coordinator.restore(Optional.empty(), above);

        assertThat(coordinator.checkpoint().checkpointId()).isEqualTo(above);
        assertThat(Long.toUnsignedString(coordinator.checkpoint().checkpointId())).isEqualTo("9223372036854775814");
    }

    @Test
    void aFailedSaveUsesUpItsIdAndTheNextCheckpointTakesWhatItHeld() {
        CheckpointCoordinator coordinator = coordinator(1024);
        coordinator.restore(CheckpointRecovery.recover(store));
        source.position.set(5);
        store.failSaves = true;

        assertThatExceptionOfType(CheckpointFailedException.class).isThrownBy(coordinator::checkpoint)
                .withMessageContaining("checkpoint 1 could not be saved to memory");
        store.failSaves = false;

        Optional<CheckpointResult> next = coordinator.checkpointIfProgress(CheckpointTrigger.INTERVAL);

        assertThat(next).map(CheckpointResult::checkpointId).hasValue(2L);
        assertThat(sink.calls()).containsExactly("abort 1", "preCommit 1", "preCommit 2", "commit 2");
    }

    @Test
    void checkpointIfProgressSkipsWhenNothingMovedSinceTheLastCheckpoint() {
        CheckpointCoordinator coordinator = coordinator(1024);
        coordinator.restore(CheckpointRecovery.recover(store));

        assertThat(coordinator.checkpointIfProgress(CheckpointTrigger.INTERVAL)).isEmpty();
        source.position.set(1);
        assertThat(coordinator.checkpointIfProgress(CheckpointTrigger.INTERVAL)).isPresent();
        assertThat(coordinator.checkpointIfProgress(CheckpointTrigger.INTERVAL)).isEmpty();
        coordinator.barrier().enter();
        coordinator.barrier().exit();
        assertThat(coordinator.checkpointIfProgress(CheckpointTrigger.INTERVAL)).map(CheckpointResult::checkpointId)
                .hasValue(2L);
        assertThat(coordinator.checkpointsTaken()).isEqualTo(2);
    }

    @Test
    void refusesACheckpointOfAnotherPipelineNamingTheProperty() {
        CheckpointCoordinator first = CheckpointCoordinator.builder(store).pipelineId("counts v1").build();
        first.restore(CheckpointRecovery.recover(store));
        first.checkpoint();
        assertThat(memory.loadById(1).orElseThrow().pipelineHash())
                .hasValue(CheckpointCoordinator.pipelineHash("counts v1"));

        CheckpointCoordinator other = CheckpointCoordinator.builder(store).pipelineId("counts v2").build();

        assertThatExceptionOfType(CheckpointRestoreException.class)
                .isThrownBy(() -> other.restore(CheckpointRecovery.recover(store)))
                .withMessageContaining("checkpoint 1 in memory was written by another pipeline")
                .withMessageContaining("checkpoint.coordinator.pipeline-id 'counts v2'");
    }

    @Test
    void aSourceThatCannotReadItsPositionFailsTheRestoreNamingIt() {
        CheckpointCoordinator first = coordinator(1024);
        first.restore(CheckpointRecovery.recover(store));
        source.position.set(1);
        first.checkpoint();
        CheckpointSource broken = new TestParts.Source("seq-source") {
            @Override
            public void restore(Optional<ConnectorCheckpoint> checkpoint) {
                throw new IllegalArgumentException("'x' is not a number");
            }
        };

        CheckpointCoordinator second = CheckpointCoordinator.builder(store).build().addSource(broken);

        assertThatExceptionOfType(CheckpointRestoreException.class)
                .isThrownBy(() -> second.restore(CheckpointRecovery.recover(store)))
                .withMessage("checkpoint source 'seq-source' cannot restore checkpoint 1 from memory: 'x' is not a number");
    }

    @Test
    void aSourceAddedAfterTheRestoreIsRestoredAtOnceButNotAfterTheFirstCheckpoint() {
        CheckpointCoordinator first = coordinator(1024);
        first.restore(CheckpointRecovery.recover(store));
        source.position.set(6);
        first.checkpoint();

        CheckpointCoordinator second = CheckpointCoordinator.builder(store).build();
        second.restore(CheckpointRecovery.recover(store));
        TestParts.Source late = new TestParts.Source("seq-source");
        second.addSource(late);

        assertThat(late.position).hasValue(6);
        second.checkpoint();
        assertThatIllegalStateException().isThrownBy(() -> second.addSource(new TestParts.Source("later")))
                .withMessageContaining("before the first checkpoint");
        assertThatIllegalStateException().isThrownBy(() -> second.addParticipant(counter))
                .withMessageContaining("before the coordinator restores");
    }

    @Test
    void refusesBadNamesAndTwoPartsOfOneName() {
        CheckpointCoordinator coordinator = CheckpointCoordinator.builder(store).build();

        assertThatIllegalArgumentException().isThrownBy(() -> coordinator.addParticipant(
                new TestParts.Participant("a/b", StateSnapshot::empty))).withMessageContaining("must not be empty or contain '/'");
        coordinator.addSink(new TestParts.Sink("out"));
        assertThatIllegalArgumentException().isThrownBy(() -> coordinator.addSink(new TestParts.Sink("out")))
                .withMessageContaining("two checkpoint sinks are named 'out'");
        assertThatIllegalArgumentException().isThrownBy(() -> StateSnapshot.ofParts(Map.of("a/b", new byte[0])))
                .withMessageContaining("'a/b'");
    }

    @Test
    void checkpointingBeforeTheRestoreIsAnError() {
        assertThatIllegalStateException().isThrownBy(() -> coordinator(1024).checkpoint())
                .withMessage("the checkpoint coordinator has not restored yet");
    }

    private static Map<String, byte[]> orderedParts(String... nameValue) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            parts.put(nameValue[i], bytes(nameValue[i + 1]));
        }
        return parts;
    }

    /** Records the manifests saved and updated, and fails saves or updates on request. */
    static final class RecordingStore implements ForwardingCheckpointStore {

        final CheckpointStore delegate;
        final List<CheckpointManifest> saved = new ArrayList<>();
        final List<CheckpointManifest> updated = new ArrayList<>();
        final List<Integer> sidecarChunks = new ArrayList<>();
        volatile boolean failSaves;
        volatile boolean failUpdates;

        RecordingStore(CheckpointStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public CheckpointStore delegate() {
            return delegate;
        }

        @Override
        public void saveWithState(CheckpointManifest manifest, @Nullable List<ByteBuffer> state) {
            if (failSaves) {
                throw new dev.checkpointstore.core.CheckpointIoException("disk gone");
            }
            saved.add(manifest);
            if (state != null) {
                sidecarChunks.add(state.size());
            }
            delegate.saveWithState(manifest, state);
        }

        @Override
        public void updateManifest(CheckpointManifest manifest) {
            if (failUpdates) {
                throw new dev.checkpointstore.core.CheckpointIoException("disk gone");
            }
            updated.add(manifest);
            delegate.updateManifest(manifest);
        }
    }
}
