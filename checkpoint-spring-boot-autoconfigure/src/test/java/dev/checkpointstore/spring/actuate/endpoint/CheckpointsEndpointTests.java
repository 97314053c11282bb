package dev.checkpointstore.spring.actuate.endpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.ApplicationEvent;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointOrphansRemovedEvent;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.CheckpointSaveHistory;
import dev.checkpointstore.spring.CountingCheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.CheckpointDescriptor;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.ManifestDescriptor;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.SinkCommitDescriptor;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.StoreDescriptor;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.SummaryDescriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsEndpointTests {

    /** An hour after checkpoint 1 was taken. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(TestCheckpoints.BASE_TIMESTAMP_MS + 3_600_000),
            ZoneOffset.UTC);

    private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);

    private final InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(3);

    private final List<ApplicationEvent> events = new java.util.ArrayList<>();

    private final CheckpointsEndpoint endpoint = endpointOn(store);

    private CheckpointsEndpoint endpointOn(dev.checkpointstore.core.CheckpointStore on) {
        return endpointOn(on, null);
    }

    private CheckpointsEndpoint endpointOn(dev.checkpointstore.core.CheckpointStore on,
            @Nullable CheckpointSaveHistory history) {
        return new CheckpointsEndpoint(on, new CheckpointInspector(on, Duration.ofHours(1)),
                new CheckpointOrphanCleaner(on, e -> events.add((ApplicationEvent) e)), null, history, null, CLOCK);
    }

    @Test
    void listsCheckpointsAscendingWithTheLatestIdAndTheRecovery() {
        StoreDescriptor descriptor = endpoint.checkpoints(null, null);

        assertThat(descriptor.latestId()).isEqualTo(3L);
        assertThat(descriptor.checkpoints()).extracting(CheckpointDescriptor::id).containsExactly(1L, 2L, 3L);
        assertThat(descriptor.nextBefore()).isNull();
        assertThat(descriptor.recovery().chosenId()).isEqualTo(3L);
    }

    @Test
    void reportsNoLatestIdAndNoChoiceOnAFreshStore() {
        InMemoryCheckpointStore empty = InMemoryCheckpointStore.builder().build();

        StoreDescriptor descriptor = endpointOn(empty).checkpoints(null, null);

        assertThat(descriptor.latestId()).isNull();
        assertThat(descriptor.checkpoints()).isEmpty();
        assertThat(descriptor.recovery().chosenId()).isNull();
        assertThat(descriptor.recovery().examined()).isZero();
        assertThat(endpointOn(empty).checkpoint("latest")).isNull();
    }

    @Test
    void describesEachCheckpointBySizeAgeSinksOperatorsAndSources() {
        byte[] state = new byte[1234];
        CheckpointManifest manifest = TestCheckpoints.manifest(4, state.length).toBuilder()
                .putOperatorState("window", OperatorCheckpoint.inline(new byte[] { 1, 2 }))
                .putSourceOffset("clicks", ConnectorCheckpoint.of(Map.of("partition-0", "77"), 4))
                .putSinkCommitStatus("files", SinkCommitStatus.COMMITTED)
                .putSinkCommitStatus("kafka", SinkCommitStatus.PENDING)
                .putSinkCommitStatus("mail", SinkCommitStatus.failed("smtp refused"))
                .build();
        store.saveWithState(manifest, List.of(ByteBuffer.wrap(state)));

        CheckpointDescriptor four = endpoint.checkpoints(1, null).checkpoints().get(0);

        assertThat(four.id()).isEqualTo(4L);
        assertThat(four.manifestBytes()).isEqualTo(store.loadManifestBytes(4).orElseThrow().length);
        assertThat(four.stateBytes()).isEqualTo(1234L);
        assertThat(four.ageMs()).isEqualTo(3_600_000L - 3);
        assertThat(four.operators()).isEqualTo(2);
        assertThat(four.sources()).isEqualTo(1);
        assertThat(four.sinkCommits()).containsExactly(
                Map.entry("files", new SinkCommitDescriptor("committed", null)),
                Map.entry("kafka", new SinkCommitDescriptor("pending", null)),
                Map.entry("mail", new SinkCommitDescriptor("failed", "smtp refused")));
    }

    @Test
    void reportsNoStateSizeWithoutASidecarAndNoAgeWithoutATimestamp() {
        store.save(CheckpointManifest.builder().checkpointId(4).epoch(4).vnodeCount(256).build());

        CheckpointDescriptor four = endpoint.checkpoints(1, null).checkpoints().get(0);

        assertThat(four.stateBytes()).isNull();
        assertThat(four.ageMs()).isNull();
        assertThat(four.operators()).isZero();
    }

    @Test
    void marksWhatTheCachedWalkChoseSkippedAndDidNotExamine() {
        TestCheckpoints.save(store, 4);
        TestCheckpoints.corruptState(store, 4);

        StoreDescriptor descriptor = endpoint.checkpoints(null, null);

        assertThat(descriptor.checkpoints()).extracting(CheckpointDescriptor::valid)
                .containsExactly(null, null, true, false);
    }

    @Test
    void listsWithoutReadingAnySidecarOnceTheWalkIsCached() {
        CountingCheckpointStore counting = new CountingCheckpointStore(store);
        CheckpointInspector inspector = new CheckpointInspector(counting, Duration.ofHours(1));
        inspector.adoptWalk(store.recoverLatestValidated());
        CheckpointsEndpoint onCounting = new CheckpointsEndpoint(counting, inspector,
                new CheckpointOrphanCleaner(counting, e -> { }), null, CLOCK);

        StoreDescriptor descriptor = onCounting.checkpoints(null, null);

        assertThat(descriptor.checkpoints()).hasSize(3).allSatisfy(c -> assertThat(c.stateBytes()).isPositive());
        assertThat(counting.calls("openStateData") + counting.calls("loadStateData")
                + counting.calls("loadOperatorState") + counting.calls("validateCheckpoint")).isZero();
        assertThat(counting.calls("stateIdentity")).isEqualTo(3);
    }

    @Test
    void pagesFromTheNewestWithACursorToTheNextOlderPage() {
        TestCheckpoints.save(store, 4);
        TestCheckpoints.save(store, 5);

        StoreDescriptor first = endpoint.checkpoints(2, null);
        StoreDescriptor second = endpoint.checkpoints(2, first.nextBefore().toString());
        StoreDescriptor last = endpoint.checkpoints(2, second.nextBefore().toString());

        assertThat(first.checkpoints()).extracting(CheckpointDescriptor::id).containsExactly(4L, 5L);
        assertThat(first.nextBefore()).isEqualTo(4L);
        assertThat(second.checkpoints()).extracting(CheckpointDescriptor::id).containsExactly(2L, 3L);
        assertThat(second.nextBefore()).isEqualTo(2L);
        assertThat(last.checkpoints()).extracting(CheckpointDescriptor::id).containsExactly(1L);
        assertThat(last.nextBefore()).isNull();
    }

    @Test
    void pagesAndShowsIdsAbove2To63AsUnsigned() {
        TestCheckpoints.save(store, Long.MIN_VALUE);
        TestCheckpoints.save(store, -1L);

        StoreDescriptor page = endpoint.checkpoints(1, "18446744073709551615");
        ManifestDescriptor max = endpoint.checkpoint("18446744073709551615");

        assertThat(page.checkpoints()).extracting(CheckpointDescriptor::id).containsExactly(TWO_TO_63);
        assertThat(page.nextBefore()).isEqualTo(TWO_TO_63);
        assertThat(endpoint.checkpoints(5, TWO_TO_63.toString()).checkpoints()).extracting(CheckpointDescriptor::id)
                .containsExactly(1L, 2L, 3L);
        assertThat(max.id()).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(max.validation().valid()).isTrue();
        assertThat(endpoint.checkpoint("latest").id()).isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void rejectsALimitOutOfRangeAndAMalformedCursor() {
        assertThatThrownBy(() -> endpoint.checkpoints(0, null)).isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("limit must be 1..1000, was 0");
        assertThatThrownBy(() -> endpoint.checkpoints(1001, null)).isInstanceOf(InvalidEndpointRequestException.class);
        assertThatThrownBy(() -> endpoint.checkpoints(null, "-3")).isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("before must be a checkpoint id").hasMessageContaining("'-3'");
        assertThatThrownBy(() -> endpoint.checkpoints(null, "18446744073709551616"))
                .isInstanceOf(InvalidEndpointRequestException.class);
    }

    @Test
    void showsTheNewestCheckpointAsLatest() {
        ManifestDescriptor latest = endpoint.checkpoint("latest");

        assertThat(latest.id()).isEqualTo(3L);
        assertThat(latest.manifestBytes()).isEqualTo(store.loadManifestBytes(3).orElseThrow().length);
        assertThat(latest.stateBytes()).isEqualTo("state of checkpoint 3".length());
        assertThat(latest.ageMs()).isEqualTo(3_600_000L - 2);
        assertThat(latest.validation().valid()).isTrue();
    }

    @Test
    void takesTheHighestIdAsLatestWhenThereIsNoPointer() {
        store.putRawLatest(0);

        assertThat(endpoint.checkpoint("latest").id()).isEqualTo(3L);
    }

    @Test
    void answersNullForAMissingCheckpointWhichTheWebExtensionTurnsInto404() {
        assertThat(endpoint.checkpoint("42")).isNull();
        assertThat(new CheckpointsEndpointWebExtension(endpoint).checkpoint("42").getStatus())
                .isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
        assertThat(new CheckpointsEndpointWebExtension(endpoint).checkpoint("3").getStatus())
                .isEqualTo(WebEndpointResponse.STATUS_OK);
    }

    @Test
    void rejectsAnIdThatIsNotAnUnsigned64BitNumber() {
        for (String bad : List.of("0", "-1", "+1", "1.5", "abc", "", "18446744073709551616")) {
            assertThatThrownBy(() -> endpoint.checkpoint(bad)).as(bad).isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("or 'latest'");
        }
    }

    @Test
    void showsACorruptManifestAsNullWithTheReason() {
        store.putRawManifest(9, "{\"version\":".getBytes(StandardCharsets.UTF_8));

        ManifestDescriptor body = endpoint.checkpoint("9");

        assertThat(body.manifest()).isNull();
        assertThat(body.manifestBytes()).isNull();
        assertThat(body.validation().valid()).isFalse();
        assertThat(body.validation().issues()).singleElement()
                .satisfies(issue -> assertThat(issue.message()).startsWith("corrupt manifest"));
    }

    @Test
    void showsTheManifestAsCompactSnakeCaseJsonWithUnsignedValues() {
        CheckpointManifest manifest = TestCheckpoints.manifest(4, 0).toBuilder().pipelineHash(-1L).build();
        store.save(manifest);

        ManifestDescriptor body = endpoint.checkpoint("4");

        assertThat(body.manifest()).startsWith("{\"version\":1,\"checkpoint_id\":4,\"epoch\":4,")
                .contains("\"pipeline_hash\":18446744073709551615").doesNotContain("\n", ": ");
    }

    @Test
    void writesIdsAbove2To63AsUnsigned() {
        assertThat(CheckpointsEndpoint.unsigned(-1L)).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(CheckpointsEndpoint.unsigned(7L)).isEqualTo(7L);
    }

    @Test
    void summarizesTheStartupRecoveryAndLeavesSavesOutWhenNoLayerRecordsThem() {
        CheckpointRecovery recovery = CheckpointRecovery.recover(store);
        CheckpointsEndpoint withRecovery = new CheckpointsEndpoint(store, new CheckpointInspector(store, Duration.ZERO),
                new CheckpointOrphanCleaner(store, e -> { }), recovery, CLOCK);

        SummaryDescriptor summary = withRecovery.checkpoints(null, null).summary();

        assertThat(summary.restored().id()).isEqualTo(3L);
        assertThat(summary.restored().outcome()).isEqualTo("latest");
        assertThat(summary.restored().examined()).isEqualTo(3);
        assertThat(summary.counts()).isNull();
        assertThat(summary.history()).isNull();
    }

    @Test
    void summarizesTheSavesItsStoreRecorded() {
        CheckpointSaveHistory history = new CheckpointSaveHistory();
        history.succeeded(4, Instant.ofEpochMilli(1000), Duration.ofNanos(2_500_000), 100);
        history.succeeded(5, Instant.ofEpochMilli(2000), Duration.ofNanos(7_000_000), 300);
        history.failed(OptionalLong.of(6), Instant.ofEpochMilli(3000), Duration.ofNanos(1_000), 50,
                new IllegalStateException("disk full"));
        CheckpointsEndpoint recorded = endpointOn(store, history);

        SummaryDescriptor summary = recorded.checkpoints(null, null).summary();

        assertThat(summary.counts()).isEqualTo(new CheckpointsEndpoint.CountsDescriptor(2, 1));
        assertThat(summary.latest().completed()).isEqualTo(new CheckpointsEndpoint.SaveDescriptor(5L, "completed",
                2000, 7.0, 300, null));
        assertThat(summary.latest().failed()).isEqualTo(new CheckpointsEndpoint.SaveDescriptor(6L, "failed", 3000,
                0.001, 50, "java.lang.IllegalStateException: disk full"));
        assertThat(summary.statistics()).isEqualTo(new CheckpointsEndpoint.StatisticsDescriptor(2,
                new CheckpointsEndpoint.SizeStatistics(100, 300, 300),
                new CheckpointsEndpoint.DurationStatistics(2.5, 7.0, 7.0)));
        assertThat(summary.history()).extracting(CheckpointsEndpoint.SaveDescriptor::id).containsExactly(6L, 5L, 4L);
    }

    @Test
    void prunesAndSaysWhichCheckpointsWentAway() {
        CheckpointsEndpoint.ActionResult result = endpoint.maintain("prune", 1);

        assertThat(result.removed()).isEqualTo(2);
        assertThat(result.removedIds()).containsExactly(1L, 2L);
        assertThat(store.listIds()).containsExactly(3L);
        assertThat(endpoint.checkpoints(null, null).checkpoints()).hasSize(1);
    }

    @Test
    void rejectsPruneWithoutKeepOrKeepingNone() {
        assertThatThrownBy(() -> endpoint.maintain("prune", null)).isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("keep");
        assertThatThrownBy(() -> endpoint.maintain("prune", -1)).isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("was -1");
        assertThatThrownBy(() -> endpoint.maintain("prune", 0)).isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("1 or more").hasMessageContaining("was 0");
        assertThat(store.listIds()).hasSize(3);
    }

    @Test
    void cleansUpOrphansAndAnnouncesIt() {
        store.putRawState(77, new byte[4], Instant.now().minus(Duration.ofHours(2)));

        CheckpointsEndpoint.ActionResult result = endpoint.maintain("cleanup-orphans", null);

        assertThat(result.removed()).isEqualTo(1);
        assertThat(store.openStateData(77)).isEmpty();
        assertThat(events).singleElement().isInstanceOfSatisfying(CheckpointOrphansRemovedEvent.class,
                event -> assertThat(event.removed()).isEqualTo(1));
    }

    @Test
    void rejectsAnUnknownAction() {
        assertThatThrownBy(() -> endpoint.maintain("format-disk", null))
                .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("format-disk");
    }
}
