package dev.checkpointstore.spring.actuate.endpoint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.ApplicationEvent;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointOrphansRemovedEvent;
import dev.checkpointstore.spring.TestCheckpoints;
import dev.checkpointstore.spring.actuate.endpoint.CheckpointsEndpoint.ManifestDescriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsEndpointTests {

    private final InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(3);

    private final List<ApplicationEvent> events = new java.util.ArrayList<>();

    private final CheckpointsEndpoint endpoint = new CheckpointsEndpoint(store,
            new CheckpointInspector(store, Duration.ofHours(1)),
            new CheckpointOrphanCleaner(store, store.orphanMinAge(), e -> events.add((ApplicationEvent) e)), "memory", 0);

    @Test
    void listsCheckpointsAscendingWithTheLatestIdAndTheRecovery() {
        CheckpointsEndpoint.StoreDescriptor descriptor = endpoint.checkpoints();

        assertThat(descriptor.latestId()).isEqualTo(3L);
        assertThat(descriptor.checkpoints()).extracting(CheckpointsEndpoint.CheckpointDescriptor::id)
                .containsExactly(1L, 2L, 3L);
        assertThat(descriptor.recovery().chosenId()).isEqualTo(3L);
    }

    @Test
    void reportsNoLatestIdAndNoChoiceOnAFreshStore() {
        InMemoryCheckpointStore empty = InMemoryCheckpointStore.builder().build();
        CheckpointsEndpoint fresh = new CheckpointsEndpoint(empty, new CheckpointInspector(empty, Duration.ZERO),
                new CheckpointOrphanCleaner(empty, null, e -> { }), "memory", 0);

        CheckpointsEndpoint.StoreDescriptor descriptor = fresh.checkpoints();

        assertThat(descriptor.latestId()).isNull();
        assertThat(descriptor.checkpoints()).isEmpty();
        assertThat(descriptor.recovery().chosenId()).isNull();
        assertThat(descriptor.recovery().examined()).isZero();
    }

    @Test
    void answers404ForAMissingCheckpoint() {
        assertThat(endpoint.checkpoint(42).getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
    }

    @Test
    void rejectsANonPositiveId() {
        assertThatThrownBy(() -> endpoint.checkpoint(0)).isInstanceOf(InvalidEndpointRequestException.class);
    }

    @Test
    void showsACorruptManifestAsNullWithTheReason() {
        store.putRawManifest(9, "{\"version\":".getBytes(StandardCharsets.UTF_8));

        WebEndpointResponse<ManifestDescriptor> response = endpoint.checkpoint(9);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getBody().manifest()).isNull();
        assertThat(response.getBody().validation().valid()).isFalse();
        assertThat(response.getBody().validation().issues()).singleElement()
                .satisfies(issue -> assertThat(issue.message()).startsWith("corrupt manifest"));
    }

    @Test
    void showsTheManifestAsCompactSnakeCaseJsonWithUnsignedValues() {
        CheckpointManifest manifest = TestCheckpoints.manifest(4, 0).toBuilder().pipelineHash(-1L).build();
        store.save(manifest);

        ManifestDescriptor body = endpoint.checkpoint(4).getBody();

        assertThat(body.manifest()).startsWith("{\"version\":1,\"checkpoint_id\":4,\"epoch\":4,")
                .contains("\"pipeline_hash\":18446744073709551615").doesNotContain("\n", ": ");
    }

    @Test
    void writesIdsAbove2To63AsUnsigned() {
        assertThat(CheckpointsEndpoint.unsigned(-1L)).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(CheckpointsEndpoint.unsigned(7L)).isEqualTo(7L);
    }

    @Test
    void prunesAndSaysWhichCheckpointsWentAway() {
        CheckpointsEndpoint.ActionResult result = endpoint.maintain("prune", 1);

        assertThat(result.removed()).isEqualTo(2);
        assertThat(result.removedIds()).containsExactly(1L, 2L);
        assertThat(store.listIds()).containsExactly(3L);
        assertThat(endpoint.checkpoints().checkpoints()).hasSize(1);
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
