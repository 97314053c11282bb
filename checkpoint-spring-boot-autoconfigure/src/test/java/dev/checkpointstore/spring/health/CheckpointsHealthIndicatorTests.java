package dev.checkpointstore.spring.health;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.checkpointstore.core.CheckpointBackendException;
import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.memory.InMemoryCheckpointStore;
import dev.checkpointstore.spring.CheckpointInspector;
import dev.checkpointstore.spring.CountingCheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointsHealthIndicatorTests {

    private static Health health(dev.checkpointstore.core.CheckpointStore store) {
        return new CheckpointsHealthIndicator(new CheckpointInspector(store, Duration.ZERO)).health();
    }

    @Test
    void upOnAFreshStart() {
        Health health = health(InMemoryCheckpointStore.builder().build());

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("examined", 0).containsEntry("skipped", List.of())
                .containsEntry("location", "memory").doesNotContainKey("chosenId");
    }

    @Test
    void upWithTheChosenCheckpointAndTheSkippedOnes() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(3);
        TestCheckpoints.corruptState(store, 3);

        Health health = health(store);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("chosenId", 2L).containsEntry("examined", 3);
        assertThat(health.getDetails().get("skipped")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().satisfies(skipped -> {
                    Map<?, ?> entry = (Map<?, ?>) skipped;
                    assertThat(entry.get("id")).isEqualTo(3L);
                    assertThat((String) entry.get("reason")).startsWith("state.bin checksum mismatch");
                });
    }

    @Test
    void downWhenCheckpointsExistButNoneIsValid() {
        InMemoryCheckpointStore store = TestCheckpoints.memoryStoreWith(2);
        TestCheckpoints.corruptState(store, 1);
        TestCheckpoints.corruptState(store, 2);

        Health health = health(store);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("examined", 2).doesNotContainKey("chosenId");
    }

    @Test
    void idsFrom2To63UpAreReportedAsTheUnsignedNumbersTheyAre() {
        InMemoryCheckpointStore store = InMemoryCheckpointStore.builder().build();
        store.save(CheckpointManifest.builder().checkpointId(Long.MIN_VALUE).epoch(1).timestampMs(1).vnodeCount(256)
                .build());
        store.putRawManifest(-1L, "{}".getBytes(StandardCharsets.UTF_8));

        Health health = health(store);

        assertThat(health.getDetails()).containsEntry("chosenId", new BigInteger("9223372036854775808"));
        assertThat(health.getDetails().get("skipped")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().satisfies(skipped -> assertThat(((Map<?, ?>) skipped).get("id"))
                        .isEqualTo(new BigInteger("18446744073709551615")));
    }

    @Test
    void downNamingTheErrorWhenTheBackendFails() {
        CountingCheckpointStore store = new CountingCheckpointStore(TestCheckpoints.memoryStoreWith(1));
        store.failWith(new CheckpointBackendException("cannot reach bucket 'b' at key 'manifests/': connection refused"));

        Health health = health(store);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error")).asString()
                .contains("CheckpointBackendException").contains("connection refused");
    }
}
