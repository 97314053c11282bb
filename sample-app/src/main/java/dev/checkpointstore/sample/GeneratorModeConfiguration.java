package dev.checkpointstore.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.checkpointstore.sample.pipeline.CounterParticipant;
import dev.checkpointstore.sample.pipeline.CountingOperator;
import dev.checkpointstore.sample.pipeline.EpochFileSink;
import dev.checkpointstore.sample.pipeline.EventStream;
import dev.checkpointstore.sample.pipeline.GeneratorSource;
import dev.checkpointstore.sample.pipeline.OperatorStateCodec;
import dev.checkpointstore.sample.pipeline.Pipeline;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;

/**
 * The generator mode ({@code sample.mode=generator}, the default): the generated stream as a
 * {@code CheckpointSource} bean, the counting operator as a {@code CheckpointParticipant} bean,
 * and the pipeline thread. The checkpoint coordinator restores them before the pipeline starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.mode", havingValue = "generator", matchIfMissing = true)
class GeneratorModeConfiguration {

    /** How many partitions the operator's counts are split into. */
    static final int STATE_PARTITIONS = 8;

    @Bean
    GeneratorSource generatorSource(EventStream eventStream) {
        return new GeneratorSource(eventStream);
    }

    @Bean
    CountingOperator countingOperator(EventStream eventStream) {
        return new CountingOperator(eventStream.keys());
    }

    @Bean
    CounterParticipant counterParticipant(CountingOperator countingOperator, EventStream eventStream) {
        return new CounterParticipant(countingOperator, new OperatorStateCodec(STATE_PARTITIONS), eventStream.keys());
    }

    @Bean
    PipelineLifecycle pipelineLifecycle(GeneratorSource generatorSource, CountingOperator countingOperator,
            EpochFileSink epochFileSink, CheckpointCoordinator checkpointCoordinator, SampleProperties properties,
            ConfigurableApplicationContext context) {
        Pipeline pipeline = new Pipeline(generatorSource, countingOperator, epochFileSink, checkpointCoordinator);
        return new PipelineLifecycle(pipeline, generatorSource, countingOperator, checkpointCoordinator, properties,
                context);
    }
}
