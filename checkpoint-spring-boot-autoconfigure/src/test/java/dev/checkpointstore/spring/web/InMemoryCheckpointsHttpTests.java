package dev.checkpointstore.spring.web;

import java.math.BigInteger;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.spring.TestCheckpoints;

import static dev.checkpointstore.spring.web.HttpTestSupport.get;
import static dev.checkpointstore.spring.web.HttpTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code checkpoints} endpoint over HTTP on the memory backend, where a test saves what it
 * needs through the application's store: ids from 2^63 up in paths, cursors and bodies, and the
 * save summary.
 */
@SpringBootTest(classes = CheckpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { ReadOnlyCheckpointsHttpTests.PROPERTIES, ReadOnlyCheckpointsHttpTests.NO_RECOVERY_CACHE,
                "checkpoint.backend=memory", "checkpoint.retention=0", "spring.cloud.aws.s3.enabled=false" })
@DirtiesContext
class InMemoryCheckpointsHttpTests {

    private static final String MAX = "18446744073709551615";

    private static final String TWO_TO_63 = "9223372036854775808";

    @LocalServerPort
    int port;

    @Autowired
    CheckpointStore store;

    @Test
    void showsAndPagesCheckpointsWithIdsFrom2To63Up() {
        TestCheckpoints.save(store, 5);
        TestCheckpoints.save(store, Long.MIN_VALUE);
        TestCheckpoints.save(store, -1L);

        HttpResponse<String> max = get(port, "/actuator/checkpoints/" + MAX);
        HttpResponse<String> page = get(port, "/actuator/checkpoints?limit=1&before=" + MAX);

        assertThat(max.statusCode()).isEqualTo(200);
        assertThat(max.body()).startsWith("{\"id\":" + MAX + ",");
        assertThat(json(max.body()).get("validation").get("valid").asBoolean()).isTrue();
        assertThat(get(port, "/actuator/checkpoints/" + TWO_TO_63).statusCode()).isEqualTo(200);
        assertThat(get(port, "/actuator/checkpoints/latest").body()).startsWith("{\"id\":" + MAX + ",");
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode body = json(page.body());
        assertThat(body.get("checkpoints")).singleElement()
                .satisfies(c -> assertThat(c.get("id").bigIntegerValue()).isEqualTo(new BigInteger(TWO_TO_63)));
        assertThat(body.get("nextBefore").bigIntegerValue()).isEqualTo(new BigInteger(TWO_TO_63));
        assertThat(page.body()).contains("\"nextBefore\":" + TWO_TO_63 + ",");
    }

    @Test
    void summarizesSuccessfulAndFailedSavesWithTheReason() {
        JsonNode before = json(get(port, "/actuator/checkpoints").body()).get("summary");
        TestCheckpoints.save(store, 7);
        assertThatThrownBy(() -> TestCheckpoints.save(store, 0)).isInstanceOf(IllegalArgumentException.class);

        JsonNode summary = json(get(port, "/actuator/checkpoints").body()).get("summary");

        assertThat(summary.get("counts").get("completed").asLong())
                .isEqualTo(before.get("counts").get("completed").asLong() + 1);
        assertThat(summary.get("counts").get("failed").asLong()).isEqualTo(before.get("counts").get("failed").asLong() + 1);
        assertThat(summary.get("restored").get("outcome").asString()).isEqualTo("fresh");
        JsonNode failed = summary.get("history").get(0);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("id").asLong()).isZero();
        assertThat(failed.get("failure").asString())
                .isEqualTo("java.lang.IllegalArgumentException: checkpoint id must not be 0");
        JsonNode completed = summary.get("history").get(1);
        assertThat(completed.get("status").asString()).isEqualTo("completed");
        assertThat(completed.get("id").asLong()).isEqualTo(7);
        assertThat(completed.get("stateBytes").asLong()).isEqualTo("state of checkpoint 7".length());
        assertThat(completed.has("failure")).isFalse();
        assertThat(summary.get("latest").get("failed")).isEqualTo(failed);
        assertThat(summary.get("statistics").get("saves").asInt()).isPositive();
        assertThat(summary.get("statistics").get("durationMs").get("max").asDouble()).isPositive();
    }
}
