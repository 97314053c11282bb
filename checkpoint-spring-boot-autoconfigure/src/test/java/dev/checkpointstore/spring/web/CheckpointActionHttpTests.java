package dev.checkpointstore.spring.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.checkpointstore.core.CheckpointStore;

import static dev.checkpointstore.spring.web.HttpTestSupport.json;
import static dev.checkpointstore.spring.web.HttpTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/checkpoints {"action":"checkpoint"}} takes a checkpoint through the
 * coordinator when writes are open.
 */
@SpringBootTest(classes = CheckpointTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "checkpoint.backend=memory", "checkpoint.coordinator.enabled=true",
                "checkpoint.coordinator.interval=0", "management.endpoints.web.exposure.include=checkpoints",
                UnrestrictedCheckpointsHttpTests.UNRESTRICTED, "spring.cloud.aws.s3.enabled=false" })
@DirtiesContext
class CheckpointActionHttpTests {

    @LocalServerPort
    int port;

    @Autowired
    CheckpointStore store;

    @Test
    void takesACheckpointOnRequestAndAnswersWithIt() {
        HttpResponse<String> response = post(port, "/actuator/checkpoints", "{\"action\":\"checkpoint\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("""
                {"action":"checkpoint","checkpoint":{"id":1,"committed":true,"sinks":{}}}"""));
        assertThat(store.listIds()).containsExactly(1L);
    }
}
