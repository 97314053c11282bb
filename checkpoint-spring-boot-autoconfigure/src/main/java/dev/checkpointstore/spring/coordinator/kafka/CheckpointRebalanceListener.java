package dev.checkpointstore.spring.coordinator.kafka;

import java.util.Collection;
import java.util.Objects;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * The rebalance listener of an enrolled container: on revocation it checkpoints and commits that
 * checkpoint's offsets before the partitions go; on assignment it seeks each partition to just
 * after its checkpointed offset. The container's own rebalance listener runs first each time, so
 * the coordinator's seeks are the last word. A rebalance listener rather than
 * {@code ConsumerSeekAware}: that interface must be implemented by the listener bean itself, while
 * a rebalance listener is a container property the starter can set, around the application's own,
 * without touching the application's listeners. Lost partitions (which the container then reports
 * as revoked too) are neither checkpointed nor committed for: they already belong to someone else.
 */
final class CheckpointRebalanceListener implements ConsumerAwareRebalanceListener {

    private final KafkaListenerSource source;
    private final @Nullable ConsumerRebalanceListener delegate;
    private final ThreadLocal<Boolean> losing = ThreadLocal.withInitial(() -> false);

    CheckpointRebalanceListener(KafkaListenerSource source, @Nullable ConsumerRebalanceListener delegate) {
        this.source = Objects.requireNonNull(source, "source");
        this.delegate = delegate;
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
            aware.onPartitionsRevokedBeforeCommit(consumer, partitions);
        }
        else if (delegate != null) {
            delegate.onPartitionsRevoked(partitions);
        }
        if (losing.get()) {
            losing.set(false);
            return;
        }
        source.revoked(consumer, partitions);
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
            aware.onPartitionsRevokedAfterCommit(consumer, partitions);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
            aware.onPartitionsLost(consumer, partitions);
        }
        else if (delegate != null) {
            delegate.onPartitionsLost(partitions);
        }
        source.lost(partitions);
        losing.set(true);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
            aware.onPartitionsAssigned(consumer, partitions);
        }
        else if (delegate != null) {
            delegate.onPartitionsAssigned(partitions);
        }
        source.assigned(consumer, partitions);
    }
}
