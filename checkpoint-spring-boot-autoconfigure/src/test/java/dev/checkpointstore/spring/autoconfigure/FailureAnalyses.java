package dev.checkpointstore.spring.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a startup failure through the failure analyzers registered in {@code spring.factories},
 * first match wins, as Spring Boot does when an application fails to start.
 */
final class FailureAnalyses {

    private FailureAnalyses() {
    }

    static FailureAnalysis analyze(Throwable failure) {
        return analyze(failure, new StandardEnvironment());
    }

    static FailureAnalysis analyze(Throwable failure, Environment environment) {
        ArgumentResolver arguments = ArgumentResolver.of(Environment.class, environment)
                .and(BeanFactory.class, new DefaultListableBeanFactory());
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, arguments, (type, name, failed) -> {
                });
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        assertThat(failure).as("a failure no analyzer explains").isNull();
        throw new AssertionError(failure);
    }
}
