package dev.checkpointstore.spring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidCheckpointPropertyFailureAnalyzerTests {

    @Test
    void namesThePropertyItsValueTheProblemAndTheFix() {
        FailureAnalysis analysis = new InvalidCheckpointPropertyFailureAnalyzer(null).analyze(
                new IllegalStateException("context failed", new InvalidCheckpointPropertyException(
                        "checkpoint.vnode-count", 0, "vnode count must be 1..65535, was 0", "Set it to 256.")));

        assertThat(analysis.getDescription()).isEqualTo("Invalid checkpoint configuration: property "
                + "'checkpoint.vnode-count' has the value '0': vnode count must be 1..65535, was 0.");
        assertThat(analysis.getAction()).isEqualTo("Set it to 256.");
    }

    @Test
    void saysWhereThePropertyWasSet() {
        StandardEnvironment environment = new StandardEnvironment();
        TextResourceOrigin origin = new TextResourceOrigin(new ByteArrayResource(new byte[0], "application.yml"),
                new TextResourceOrigin.Location(3, 15));
        environment.getPropertySources().addFirst(new OriginTrackedMapPropertySource("application.yml",
                Map.of("checkpoint.vnodeCount", OriginTrackedValue.of("0", origin))));
        ConfigurationPropertySources.attach(environment);

        FailureAnalysis analysis = new InvalidCheckpointPropertyFailureAnalyzer(environment).analyze(
                new InvalidCheckpointPropertyException("checkpoint.vnode-count", 0, "must be 1..65535", "Fix it."));

        assertThat(analysis.getDescription()).contains("'checkpoint.vnode-count' has the value '0' (from ")
                .contains("application.yml").contains("4:16");
    }
}
