package dev.checkpointstore.spring.web;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.checkpointstore.spring.web.HttpTestSupport.get;
import static dev.checkpointstore.spring.web.HttpTestSupport.json;
import static dev.checkpointstore.spring.web.HttpTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code checkpoints} endpoint and health over HTTP under the default, read-only access, on
 * the {@code valid-pair} fixture: checkpoints 1 and 2, the latest pointer naming 2.
 */
abstract class ReadOnlyCheckpointsHttpTests {

    static final String PROPERTIES = "management.endpoints.web.exposure.include=health,checkpoints,metrics";

    static final String SHOW_DETAILS = "management.endpoint.health.show-details=always";

    static final String NO_RECOVERY_CACHE = "checkpoint.recovery.cache-ttl=0s";

    @LocalServerPort
    int port;

    abstract String backend();

    abstract String location();

    abstract Path fixtureManifest(long id);

    abstract void damageEveryManifest();

    abstract void restoreFixture();

    @Test
    void listsTheCheckpointsTheLatestIdAndTheRecovery() {
        HttpResponse<String> response = get(port, "/actuator/checkpoints");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"backend\":\"" + backend() + "\",\"location\":");
        ObjectNode body = (ObjectNode) json(response.body());
        ObjectNode recovery = (ObjectNode) body.get("recovery");
        assertThat(recovery.get("elapsedMs").isIntegralNumber()).isTrue();
        assertThat(recovery.get("elapsedMs").asLong()).isNotNegative();
        recovery.remove("elapsedMs");
        for (JsonNode checkpoint : body.get("checkpoints")) {
            assertThat(checkpoint.get("ageMs").asLong()).isGreaterThan(System.currentTimeMillis() - 1764000000001L - 60_000);
            ((ObjectNode) checkpoint).remove("ageMs");
        }
        ((ObjectNode) body.get("summary").get("restored")).remove("elapsedMs");
        assertThat(body).isEqualTo(json("""
                {"backend":"%s","location":"%s","vnodeCount":256,"retention":3,"latestId":2,
                 "checkpoints":[{"id":1,"epoch":1,"timestampMs":1764000000001,"manifestBytes":739,"stateBytes":null,
                                 "operators":2,"sources":0,"sinkCommits":{},"valid":null},
                                {"id":2,"epoch":2,"timestampMs":1764000000002,"manifestBytes":1461,"stateBytes":4096,
                                 "operators":2,"sources":2,
                                 "sinkCommits":{"pg-sink":{"status":"committed"},
                                                "s3-sink":{"status":"failed","reason":"disk full"}},
                                 "valid":true}],
                 "nextBefore":null,
                 "recovery":{"chosenId":2,"examined":2,"skipped":[]},
                 "summary":{"restored":{"id":2,"outcome":"latest","examined":2,"skipped":0},
                            "counts":{"completed":0,"failed":0},
                            "latest":{"completed":null,"failed":null},
                            "statistics":{"saves":0,"stateBytes":{"p50":0,"p99":0,"max":0},
                                          "durationMs":{"p50":0.0,"p99":0.0,"max":0.0}},
                            "history":[]}}
                """.formatted(backend(), location())));
    }

    @Test
    void pagesTheListingFromTheNewest() {
        JsonNode first = json(get(port, "/actuator/checkpoints?limit=1").body());
        JsonNode second = json(get(port, "/actuator/checkpoints?limit=1&before=" + first.get("nextBefore").asLong())
                .body());

        assertThat(first.get("checkpoints")).singleElement().satisfies(c -> assertThat(c.get("id").asLong()).isEqualTo(2));
        assertThat(first.get("nextBefore").asLong()).isEqualTo(2);
        assertThat(second.get("checkpoints")).singleElement().satisfies(c -> assertThat(c.get("id").asLong()).isEqualTo(1));
        assertThat(second.get("nextBefore").isNull()).isTrue();
    }

    @Test
    void answers400ForABadLimitCursorOrId() {
        assertThat(get(port, "/actuator/checkpoints?limit=0").statusCode()).isEqualTo(400);
        assertThat(get(port, "/actuator/checkpoints?before=x").statusCode()).isEqualTo(400);
        assertThat(get(port, "/actuator/checkpoints/abc").statusCode()).isEqualTo(400);
        assertThat(get(port, "/actuator/checkpoints/0").statusCode()).isEqualTo(400);
    }

    @Test
    void showsTheLatestCheckpointInOneCall() {
        HttpResponse<String> response = get(port, "/actuator/checkpoints/latest");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.get("id").asLong()).isEqualTo(2);
        assertThat(body.get("manifestBytes").asLong()).isEqualTo(1461);
        assertThat(body.get("stateBytes").asLong()).isEqualTo(4096);
        assertThat(body.get("ageMs").asLong()).isPositive();
        assertThat(body.get("manifest")).isEqualTo(json(fixtureManifest(2)));
        assertThat(body.get("validation")).isEqualTo(json("{\"valid\":true,\"issues\":[]}"));
    }

    @Test
    void showsACheckpointWithItsStoredManifestAndItsValidation() {
        HttpResponse<String> response = get(port, "/actuator/checkpoints/2");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.get("id").asLong()).isEqualTo(2);
        assertThat(body.get("manifest")).isEqualTo(json(fixtureManifest(2)));
        assertThat(body.get("validation")).isEqualTo(json("{\"valid\":true,\"issues\":[]}"));
    }

    @Test
    void writesPipelineHashAbove2To63Exactly() {
        HttpResponse<String> response = get(port, "/actuator/checkpoints/2");

        assertThat(response.body()).contains("\"pipeline_hash\":16045690984503054900");
        JsonNode hash = json(response.body()).get("manifest").get("pipeline_hash");
        assertThat(hash.isBigInteger()).isTrue();
        assertThat(hash.bigIntegerValue()).isEqualTo(new BigInteger("16045690984503054900"));
    }

    @Test
    void answers404ForACheckpointThatDoesNotExist() {
        assertThat(get(port, "/actuator/checkpoints/99").statusCode()).isEqualTo(404);
    }

    @Test
    void healthIsUpWithTheChosenCheckpoint() {
        HttpResponse<String> response = get(port, "/actuator/health/checkpoints");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("""
                {"status":"UP","details":{"location":"%s","chosenId":2,"examined":2,"skipped":[]}}
                """.formatted(location())));
    }

    @Test
    void healthIsDownWhileNoCheckpointIsValid() {
        damageEveryManifest();
        try {
            HttpResponse<String> response = get(port, "/actuator/health/checkpoints");

            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode health = json(response.body());
            assertThat(health.get("status").asString()).isEqualTo("DOWN");
            assertThat(health.get("details").get("examined").asInt()).isEqualTo(2);
            assertThat(health.get("details").get("skipped")).hasSize(2);
            assertThat(health.get("details").get("skipped").get(0).get("id").asLong()).isEqualTo(2);
            assertThat(health.get("details").get("skipped").get(0).get("reason").asString())
                    .startsWith("corrupt manifest");
        }
        finally {
            restoreFixture();
        }
        assertThat(get(port, "/actuator/health/checkpoints").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesWriteOperationsUnderReadOnlyAccess() {
        HttpResponse<String> response = post(port, "/actuator/checkpoints", "{\"action\":\"prune\",\"keep\":0}");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(json(get(port, "/actuator/checkpoints").body()).get("checkpoints")).hasSize(2);
    }

    @Test
    void countsTheStartupRecovery() {
        HttpResponse<String> response = get(port, "/actuator/metrics/checkpoint.recovery?tag=outcome:latest");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
    }
}
