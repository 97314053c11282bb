package dev.checkpointstore.spring.coordinator.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.checkpointstore.spring.coordinator.CheckpointCoordinator;
import dev.checkpointstore.spring.coordinator.CheckpointCoordinatorLifecycle;

/**
 * Enrolls spring-kafka listener containers with the {@link CheckpointCoordinator} just before they
 * start (phase {@value #PHASE}, after the coordinator restored and before any container starts).
 * An enrolled container:
 *
 * <ul>
 * <li>becomes a {@link KafkaListenerSource} named after its listener id (or the configured
 * name), restored from the startup checkpoint;</li>
 * <li>gets the coordinator's record interceptor and rebalance listener, wrapped around its
 * own;</li>
 * <li>commits offsets only through the coordinator: ack mode {@code MANUAL_IMMEDIATE} (the
 * listener must not acknowledge), {@code enable.auto.commit=false}, and no commit of the initial
 * position on assignment.</li>
 * </ul>
 *
 * <p>Only record listeners of containers that subscribe as a consumer group, without a
 * transaction manager, can be enrolled; any other container named for enrollment fails startup
 * with the reason.
 */
public class KafkaListenerEnrollment implements SmartLifecycle {

    /** The lifecycle phase: just before the coordinator's own, long before the containers'. */
    public static final int PHASE = CheckpointCoordinatorLifecycle.PHASE - 1;

    private static final Log logger = LogFactory.getLog(KafkaListenerEnrollment.class);

    private final CheckpointCoordinator coordinator;
    private final Supplier<Collection<MessageListenerContainer>> containers;
    private final List<String> listeners;
    private final Map<String, String> sourceNames;
    private final List<PartitionedCheckpointParticipant> partitioned;
    private final List<KafkaListenerSource> enrolled = new ArrayList<>();
    private volatile boolean running;

    /**
     * Creates the enrollment.
     * @param coordinator the coordinator to enroll with
     * @param containers every listener container of the application (registry and beans)
     * @param listeners ids of the containers to enroll; empty for all
     * @param sourceNames source names by listener id; a listener not named uses its id
     * @param partitioned the participants whose state follows Kafka partitions
     */
    public KafkaListenerEnrollment(CheckpointCoordinator coordinator,
            Supplier<Collection<MessageListenerContainer>> containers, List<String> listeners,
            Map<String, String> sourceNames, List<PartitionedCheckpointParticipant> partitioned) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.containers = Objects.requireNonNull(containers, "containers");
        this.listeners = List.copyOf(listeners);
        this.sourceNames = Map.copyOf(sourceNames);
        this.partitioned = List.copyOf(partitioned);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (enrolled.isEmpty()) {
            enrollAll();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * The sources enrolled so far.
     * @return one per enrolled container
     */
    public synchronized List<KafkaListenerSource> sources() {
        return List.copyOf(enrolled);
    }

    private void enrollAll() {
        Set<String> missing = new LinkedHashSet<>(listeners);
        Set<String> seen = new LinkedHashSet<>();
        for (MessageListenerContainer container : containers.get()) {
            String id = container.getListenerId();
            if (id == null || !seen.add(id) || !listeners.isEmpty() && !listeners.contains(id)) {
                continue;
            }
            missing.remove(id);
            enroll(container, id);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("checkpoint.coordinator.kafka.listeners names " + missing + ", but there is "
                    + "no listener container with " + (missing.size() == 1 ? "that id" : "those ids") + "; the "
                    + "application's containers are " + seen);
        }
    }

    private void enroll(MessageListenerContainer container, String id) {
        if (!(container instanceof AbstractMessageListenerContainer<?, ?> listenerContainer)) {
            throw refuse(id, "it is a " + container.getClass().getName() + ", not a spring-kafka listener container "
                    + "(ConcurrentMessageListenerContainer or KafkaMessageListenerContainer)");
        }
        enroll(listenerContainer, id);
    }

    private <K, V> void enroll(AbstractMessageListenerContainer<K, V> container, String id) {
        if (container.isRunning()) {
            throw refuse(id, "it is already running; it must start after the checkpoint coordinator (leave its "
                    + "phase at the default)");
        }
        ContainerProperties properties = container.getContainerProperties();
        if (properties.getTopicPartitions() != null) {
            throw refuse(id, "it is assigned partitions explicitly; only containers that subscribe to topics as a "
                    + "consumer group can be enrolled");
        }
        if (hasTransactionManager(properties)) {
            throw refuse(id, "it has a transaction manager, which commits offsets in Kafka transactions; the "
                    + "coordinator commits them after each checkpoint instead");
        }
        if (properties.getMessageListener() instanceof BatchMessageListener<?, ?>) {
            throw refuse(id, "it has a batch listener; only record listeners can be enrolled");
        }
        String groupId = container.getGroupId();
        if (groupId == null || groupId.isEmpty()) {
            throw refuse(id, "it has no consumer group (set spring.kafka.consumer.group-id or the listener's groupId)");
        }
        String sourceName = sourceNames.getOrDefault(id, id);
        List<PartitionedCheckpointParticipant> following = partitioned.stream()
                .filter(participant -> participant.listenerId() == null || id.equals(participant.listenerId()))
                .toList();
        KafkaListenerSource source = new KafkaListenerSource(sourceName, id, groupId, coordinator, following);
        coordinator.addSource(source);
        properties.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        properties.setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
        properties.getKafkaConsumerProperties().setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setConsumerRebalanceListener(
                new CheckpointRebalanceListener(source, properties.getConsumerRebalanceListener()));
        container.setRecordInterceptor(new CheckpointRecordInterceptor<>(source, container.getRecordInterceptor()));
        enrolled.add(source);
        logger.info("Enrolled Kafka listener '" + id + "' (group '" + groupId + "') with the checkpoint coordinator as "
                + "source '" + sourceName + "'");
    }

    /** The deprecated {@code transactionManager} property still works in spring-kafka 4, so both count. */
    @SuppressWarnings("removal")
    private static boolean hasTransactionManager(ContainerProperties properties) {
        return properties.getKafkaAwareTransactionManager() != null || properties.getTransactionManager() != null;
    }

    private static IllegalStateException refuse(String id, String reason) {
        return new IllegalStateException("Kafka listener container '" + id + "' cannot be enrolled with the checkpoint "
                + "coordinator: " + reason + ". Enroll only the listeners that feed checkpointed state with "
                + "checkpoint.coordinator.kafka.listeners.");
    }
}
