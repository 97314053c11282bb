package dev.checkpointstore.spring.observation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ObservedCheckpointStoreTests {

    private static final String NAME = DefaultCheckpointObservationConvention.NAME;

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(3);

    private final ObservedCheckpointStore observed = new ObservedCheckpointStore(store, "memory", registry, null);

    @Test
    void observesASaveWithItsBackendOutcomeCheckpointAndBytes() {
        TestCheckpoints.save(observed, 4);

        assertThat(registry).hasSingleObservationThat().hasNameEqualTo(NAME)
                .hasContextualNameEqualTo("checkpoint save")
                .hasLowCardinalityKeyValue("backend", "memory")
                .hasLowCardinalityKeyValue("operation", "save")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasHighCardinalityKeyValue("checkpoint.id", "4")
                .hasHighCardinalityKeyValue("checkpoint.bytes", Integer.toString("state of checkpoint 4".length()))
                .doesNotHaveError();
    }

    @Test
    void observesAFailedSaveAsAFailureWithItsError() {
        CheckpointManifest idZero = TestCheckpoints.manifest(1, 1).toBuilder().checkpointId(0).build();

        assertThatIllegalArgumentException().isThrownBy(() -> observed.saveWithState(idZero,
                List.of(ByteBuffer.allocate(1))));

        assertThat(registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "failure")
                .hasHighCardinalityKeyValue("checkpoint.id", "0").hasError();
    }

    @Test
    void writesCheckpointIdsFrom2To63UpUnsigned() {
        TestCheckpoints.save(observed, -1L);

        assertThat(registry).hasSingleObservationThat()
                .hasHighCardinalityKeyValue("checkpoint.id", "18446744073709551615");
    }

    @Test
    void splitsARecoveryIntoChildrenListingReadingAndVerifying() {
        TestCheckpoints.corruptState(store, 3);

        RecoveryReport report = observed.recoverLatestValidated();

        assertThat(report.chosenId()).hasValue(2);
        List<CheckpointObservationContext> contexts = contexts();
        assertThat(contexts).extracting(c -> c.getOperation().value() + ":" + c.getOutcome()).containsExactly(
                "recovery:fallback", "recovery.list:success", "recovery.read:found", "recovery.verify:invalid",
                "recovery.read:found", "recovery.verify:valid");
        CheckpointObservationContext walk = contexts.get(0);
        assertThat(walk.getParentObservation()).isNull();
        assertThat(contexts.subList(1, contexts.size()))
                .allSatisfy(child -> assertThat(child.getParentObservation().getContextView()).isSameAs(walk));
        assertThat(keyValue(walk, "checkpoint.id")).isEqualTo("2");
        assertThat(keyValue(walk, "checkpoint.examined")).isEqualTo("3");
        assertThat(keyValue(contexts.get(2), "checkpoint.id")).isEqualTo("3");
        assertThat(keyValue(contexts.get(2), "checkpoint.bytes"))
                .isEqualTo(Integer.toString(store.loadManifestBytes(3).orElseThrow().length));
        assertThat(contexts.get(0).getContextualName()).isEqualTo("checkpoint recovery");
        assertThat(contexts.get(3).getContextualName()).isEqualTo("checkpoint recovery verify");
    }

    @Test
    void recoversExactlyAsTheStoreDoesWhateverIsDamaged() {
        InMemoryCheckpointStore damaged = InMemoryCheckpointStore.builder().maxManifestBytes(2000).build();
        for (long id = 1; id <= 6; id++) {
            TestCheckpoints.save(damaged, id);
        }
        damaged.putRawManifest(6, "{\"version\":".getBytes(StandardCharsets.UTF_8));
        damaged.putRawManifest(5, ("{\"pad\":\"" + "x".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8));
        TestCheckpoints.corruptState(damaged, 4);
        damaged.removeState(3);
        ObservedCheckpointStore observedDamaged = new ObservedCheckpointStore(damaged, "memory", registry, null);

        RecoveryReport expected = damaged.recoverLatestValidated();
        RecoveryReport actual = observedDamaged.recoverLatestValidated();

        assertThat(actual.chosenId()).isEqualTo(expected.chosenId()).hasValue(2);
        assertThat(actual.skipped()).isEqualTo(expected.skipped()).hasSize(4);
        assertThat(actual.examined()).isEqualTo(expected.examined());
        assertThat(contexts()).filteredOn(c -> c.getOperation() == CheckpointOperation.RECOVERY_READ)
                .extracting(CheckpointObservationContext::getOutcome)
                .containsExactly("found", "corrupt", "found", "found", "found");
    }

    @Test
    void observesAFailedRecoveryStepAndTheWalkAsFailures() {
        ObservedCheckpointStore observedFailing = new ObservedCheckpointStore(new FailingListing(store), "memory",
                registry, null);

        assertThatIllegalStateException().isThrownBy(observedFailing::recoverLatestValidated).withMessage("store unreachable");

        assertThat(contexts()).extracting(c -> c.getOperation().value() + ":" + c.getOutcome())
                .containsExactly("recovery:failure", "recovery.list:failure");
        assertThat(registry).forAllObservationsWithNameEqualTo(NAME, observation -> observation.hasError());
    }

    @Test
    void observesPruneAndOrphanCleanupWithHowManyTheyRemoved() {
        store.putRawState(9, new byte[1], Instant.now().minus(Duration.ofDays(1)));

        observed.prune(1);
        observed.cleanupOrphans();

        List<CheckpointObservationContext> contexts = contexts();
        assertThat(contexts).extracting(CheckpointObservationContext::getOperation)
                .containsExactly(CheckpointOperation.PRUNE, CheckpointOperation.ORPHAN_CLEANUP);
        assertThat(keyValue(contexts.get(0), "checkpoint.removed")).isEqualTo("2");
        assertThat(keyValue(contexts.get(1), "checkpoint.removed")).isEqualTo("1");
        assertThat(contexts.get(1).getContextualName()).isEqualTo("checkpoint orphan-cleanup");
    }

    @Test
    void aCustomConventionReplacesTheDefault() {
        ObservedCheckpointStore custom = new ObservedCheckpointStore(store, "memory", registry,
                new DefaultCheckpointObservationConvention() {
                    @Override
                    public String getName() {
                        return "my.checkpoints";
                    }

                    @Override
                    public io.micrometer.common.KeyValues getLowCardinalityKeyValues(
                            CheckpointObservationContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "streaming");
                    }
                });

        custom.prune(3);

        assertThat(registry).hasSingleObservationThat().hasNameEqualTo("my.checkpoints")
                .hasLowCardinalityKeyValue("team", "streaming").hasLowCardinalityKeyValue("operation", "prune");
    }

    @Test
    void forwardsEverythingAndRecordsNothingOnTheNoopRegistry() {
        ObservedCheckpointStore noop = new ObservedCheckpointStore(store, "memory", ObservationRegistry.NOOP, null);

        TestCheckpoints.save(noop, 4);

        assertThat(noop.recoverLatestValidated().chosenId()).hasValue(4);
        assertThat(noop.listIds()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(registry).doesNotHaveAnyObservation();
    }

    private List<CheckpointObservationContext> contexts() {
        List<CheckpointObservationContext> contexts = new ArrayList<>();
        assertThat(registry).hasHandledContextsThatSatisfy(handled -> handled.forEach(
                context -> contexts.add((CheckpointObservationContext) context)));
        return contexts;
    }

    private static String keyValue(Observation.Context context, String key) {
        KeyValue value = context.getHighCardinalityKeyValue(key);
        return value == null ? null : value.getValue();
    }

    /** A store whose listing fails. */
    private record FailingListing(dev.checkpointstore.core.CheckpointStore delegate)
            implements dev.checkpointstore.core.ForwardingCheckpointStore {

        @Override
        public List<Long> listIds() {
            throw new IllegalStateException("store unreachable");
        }
    }
}
