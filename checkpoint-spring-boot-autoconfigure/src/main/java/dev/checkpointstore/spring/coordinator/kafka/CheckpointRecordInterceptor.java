package dev.checkpointstore.spring.coordinator.kafka;

import java.util.Objects;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * The record interceptor of an enrolled container: brackets each record with the checkpoint
 * barrier (entered before any other interceptor, left after every other one), records its offset
 * once the listener handled it, and lets the consumer commit checkpointed offsets between records
 * and before each poll. The container's own interceptor, if any, runs inside.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CheckpointRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

    private final KafkaListenerSource source;
    private final @Nullable RecordInterceptor<K, V> delegate;

    CheckpointRecordInterceptor(KafkaListenerSource source, @Nullable RecordInterceptor<K, V> delegate) {
        this.source = Objects.requireNonNull(source, "source");
        this.delegate = delegate;
    }

    @Override
    public @Nullable ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        source.recordStarting(consumer);
        return delegate == null ? record : delegate.intercept(record, consumer);
    }

    @Override
    public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        if (delegate != null) {
            delegate.success(record, consumer);
        }
        source.recordSucceeded(record);
    }

    @Override
    public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
        if (delegate != null) {
            delegate.failure(record, exception, consumer);
        }
    }

    @Override
    public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        try {
            if (delegate != null) {
                delegate.afterRecord(record, consumer);
            }
        }
        finally {
            source.recordDone();
        }
    }

    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
        source.beforePoll(consumer);
        if (delegate != null) {
            delegate.setupThreadState(consumer);
        }
    }

    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
        try {
            if (delegate != null) {
                delegate.clearThreadState(consumer);
            }
        }
        finally {
            source.afterPoll();
        }
    }
}
