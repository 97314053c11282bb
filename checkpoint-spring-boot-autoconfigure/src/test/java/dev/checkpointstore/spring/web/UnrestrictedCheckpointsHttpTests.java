package dev.checkpointstore.spring.web;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.checkpointstore.spring.web.HttpTestSupport.get;
import static dev.checkpointstore.spring.web.HttpTestSupport.json;
import static dev.checkpointstore.spring.web.HttpTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write operations of the {@code checkpoints} endpoint with
 * {@code management.endpoint.checkpoints.access=unrestricted}, and the scheduled orphan cleanup,
 * on the {@code valid-pair} fixture. Before the application starts, the store holds an orphan 50
 * older than the minimum age of one hour and a fresh orphan 51; the cleanup runs once at startup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class UnrestrictedCheckpointsHttpTests {

    static final String UNRESTRICTED = "management.endpoint.checkpoints.access=unrestricted";

    static final String CLEANUP_AT_STARTUP = "checkpoint.orphan-cleanup.initial-delay=0s";

    static final String CLEANUP_ONCE = "checkpoint.orphan-cleanup.interval=1h";

    static final long OLD_ORPHAN = 50;

    static final long FRESH_ORPHAN = 51;

    static final long LATER_ORPHAN = 60;

    @LocalServerPort
    int port;

    abstract boolean orphanExists(long id);

    /** Leaves state for {@code id} without a manifest, old enough for cleanup to delete it. */
    abstract void leaveOldOrphan(long id);

    /** Makes the store unreadable, for good. */
    abstract void breakStore();

    abstract String brokenStoreError();

    @Test
    @Order(1)
    void scheduledCleanupRemovesTheOldOrphanAndSparesTheFreshOne() {
        HttpTestSupport.awaitUntil(() -> !orphanExists(OLD_ORPHAN));

        assertThat(orphanExists(FRESH_ORPHAN)).isTrue();
        JsonNode removed = json(get(port, "/actuator/metrics/checkpoint.orphans.removed").body());
        assertThat(removed.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void cleanupOrphansRemovesOldOrphansOnRequest() {
        leaveOldOrphan(LATER_ORPHAN);
        long before = countExisting(FRESH_ORPHAN, LATER_ORPHAN);

        HttpResponse<String> response = post(port, "/actuator/checkpoints", "{\"action\":\"cleanup-orphans\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(orphanExists(LATER_ORPHAN)).isFalse();
        long removed = before - countExisting(FRESH_ORPHAN, LATER_ORPHAN);
        assertThat(json(response.body())).isEqualTo(json("""
                {"action":"cleanup-orphans","removed":%d}""".formatted(removed)));
    }

    @Test
    @Order(3)
    void pruneKeepsTheNewestCheckpoints() {
        HttpResponse<String> response = post(port, "/actuator/checkpoints", "{\"action\":\"prune\",\"keep\":1}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("""
                {"action":"prune","keep":1,"removed":1,"removedIds":[1]}"""));
        JsonNode store = json(get(port, "/actuator/checkpoints").body());
        assertThat(store.get("checkpoints")).hasSize(1);
        assertThat(store.get("checkpoints").get(0).get("id").asLong()).isEqualTo(2);
        assertThat(store.get("recovery").get("chosenId").asLong()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void rejectsPruneWithoutKeep() {
        HttpResponse<String> response = post(port, "/actuator/checkpoints", "{\"action\":\"prune\"}");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void rejectsPruneKeepingNoCheckpointAndSaysWhy() {
        HttpResponse<String> response = post(port, "/actuator/checkpoints", "{\"action\":\"prune\",\"keep\":0}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("action").asString()).isEqualTo("prune");
        assertThat(json(response.body()).get("message").asString()).contains("1 or more").contains("was 0");
        assertThat(json(get(port, "/actuator/checkpoints").body()).get("checkpoints")).hasSize(1);
    }

    @Test
    @Order(5)
    void rejectsAnUnknownAction() {
        HttpResponse<String> response = post(port, "/actuator/checkpoints", "{\"action\":\"delete-everything\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(get(port, "/actuator/checkpoints").body()).get("checkpoints")).hasSize(1);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void healthIsDownNamingTheErrorWhenTheStoreCannotBeRead() {
        breakStore();

        HttpResponse<String> response = get(port, "/actuator/health/checkpoints");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = json(response.body());
        assertThat(health.get("status").asString()).isEqualTo("DOWN");
        assertThat(health.get("details").get("error").asString()).contains(brokenStoreError());
    }

    private long countExisting(long... ids) {
        return List.of(ids[0], ids[1]).stream().filter(this::orphanExists).count();
    }
}
