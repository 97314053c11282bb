package dev.checkpointstore.spring.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.CheckpointRecovery;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointTrigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsEndpointCheckpointActionTests {

    private final InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();

    private final CheckpointInspector inspector = new CheckpointInspector(store, Duration.ofHours(1));

    private final CheckpointOrphanCleaner cleaner = new CheckpointOrphanCleaner(store, e -> { });

    @Test
    void theCheckpointActionTakesACheckpointThroughTheCoordinator() {
        CheckpointCoordinator coordinator = CheckpointCoordinator.builder(store).build();
        coordinator.restore(CheckpointRecovery.recover(store));
        CheckpointsEndpoint endpoint = new CheckpointsEndpoint(store, inspector, cleaner, null, null, coordinator,
                Clock.systemUTC());
        assertThat(inspector.recovery().chosenId()).isEmpty();

        CheckpointsEndpoint.ActionResult result = endpoint.maintain(" Checkpoint ", null);

        assertThat(result.action()).isEqualTo("checkpoint");
        assertThat(result.removed()).isNull();
        assertThat(result.checkpoint()).isEqualTo(new CheckpointsEndpoint.TakenDescriptor(1L, true,
                java.util.Map.of()));
        assertThat(coordinator.lastCheckpoint()).hasValueSatisfying(
                checkpoint -> assertThat(checkpoint.trigger()).isEqualTo(CheckpointTrigger.ENDPOINT));
        assertThat(inspector.recovery().chosenId()).as("the walk is not served stale").hasValue(1);
    }

    @Test
    void theCheckpointActionWithoutACoordinatorSaysHowToGetOne() {
        CheckpointsEndpoint endpoint = new CheckpointsEndpoint(store, inspector, cleaner);

        assertThatThrownBy(() -> endpoint.maintain("checkpoint", null)).isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("checkpoint.coordinator.enabled=true");
    }
}
