package dev.checkpointstore.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports an {@link InvalidCheckpointPropertyException}: the property, its value and where it was
 * set, what is wrong, and the fix.
 */
class InvalidCheckpointPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCheckpointPropertyException> {

    private final @Nullable Environment environment;

    InvalidCheckpointPropertyFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidCheckpointPropertyException cause) {
        StringBuilder description = new StringBuilder("Invalid checkpoint configuration: property '")
                .append(cause.property()).append("'");
        if (cause.value() == null) {
            description.append(" is not set");
        }
        else {
            description.append(" has the value '").append(cause.value()).append("'");
        }
        ConfigurationProperty origin = findProperty(cause.property());
        if (origin != null && origin.getOrigin() != null) {
            description.append(" (from ").append(origin.getOrigin()).append(")");
        }
        description.append(": ").append(cause.problem()).append('.');
        return new FailureAnalysis(description.toString(), cause.action(), cause);
    }

    private @Nullable ConfigurationProperty findProperty(String property) {
        if (environment == null) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
