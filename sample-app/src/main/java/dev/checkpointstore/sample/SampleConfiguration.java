package dev.checkpointstore.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.checkpointstore.sample.pipeline.EpochFileSink;
import dev.checkpointstore.sample.pipeline.EventStream;
import dev.checkpointstore.spring.autoconfigure.CheckpointStoreDecorator;

/**
 * What both modes share: the stream definition (the key space, the number of events) and the
 * two-phase-commit sink, a {@code TransactionalSink} bean the checkpoint coordinator drives.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleProperties.class)
class SampleConfiguration {

    @Bean
    EventStream eventStream(SampleProperties properties) {
        return new EventStream(properties.getEvents().getTotal(), properties.getEvents().getKeys());
    }

    @Bean
    EpochFileSink epochFileSink(SampleProperties properties, EventStream eventStream) {
        return new EpochFileSink(properties.getOutputFile(), eventStream);
    }

    @Bean
    CheckpointLog checkpointLog() {
        return new CheckpointLog();
    }

    @Bean
    @ConditionalOnProperty(name = "sample.test.stall-checkpoint-save")
    CheckpointStoreDecorator saveStallHook(SampleProperties properties) {
        return new SaveStallHook(properties.getTest().getStallCheckpointSave());
    }
}
