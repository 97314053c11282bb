package dev.checkpointstore.spring.actuate.endpoint;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CheckpointOrphanCleaner;
import dev.checkpointstore.spring.TestCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointsEndpointWebExtensionTests {

    private final InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(3);

    private final CheckpointsEndpointWebExtension extension = new CheckpointsEndpointWebExtension(
            new CheckpointsEndpoint(store, new CheckpointInspector(store, Duration.ofHours(1)),
                    new CheckpointOrphanCleaner(store, e -> { })));

    @Test
    void answersAnActionWith200AndWhatWasRemoved() {
        WebEndpointResponse<Object> response = extension.maintain("prune", 2);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getBody()).isInstanceOfSatisfying(CheckpointsEndpoint.ActionResult.class,
                result -> assertThat(result.removedIds()).containsExactly(1L));
    }

    @Test
    void answersAPruneKeepingNoCheckpointWith400AndTheReason() {
        WebEndpointResponse<Object> response = extension.maintain("prune", 0);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getBody()).isInstanceOfSatisfying(CheckpointsEndpointWebExtension.Refusal.class,
                refusal -> assertThat(refusal.message()).contains("1 or more").contains("was 0"));
        assertThat(store.listIds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void answersAnUnknownActionWith400NamingIt() {
        WebEndpointResponse<Object> response = extension.maintain("format-disk", null);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getBody()).isInstanceOfSatisfying(CheckpointsEndpointWebExtension.Refusal.class,
                refusal -> assertThat(refusal.message()).contains("format-disk"));
    }
}
