package dev.checkpointstore.sample.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;

import dev.checkpointstore.sample.pipeline.EpochFileSink;
import dev.checkpointstore.sample.pipeline.EventStream;

/**
 * The Kafka mode's listener: each record is an event whose key is a key name and whose value is
 * its value in decimal. It counts the event, writes the key's new count to the sink and tells the
 * completion when it was the last one. Nothing here knows about checkpoints: the starter enrolls
 * the listener's container with the coordinator.
 */
public class KafkaCountingListener {

    /** The listener's id, and its source name in {@code source_offsets}. */
    public static final String ID = "sample-counter";

    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventStream stream;
    private final PartitionedCounter counter;
    private final EpochFileSink sink;
    private final KafkaCompletion completion;
    private final long ratePerSecond;
    private final AtomicLong paced = new AtomicLong();
    private volatile long started;

    /**
     * Creates the listener.
     * @param stream the stream definition, for key names
     * @param counter the counts
     * @param sink where the counts go
     * @param completion told when every event was counted
     * @param ratePerSecond events per second over all listener threads, 0 for as fast as possible
     */
    public KafkaCountingListener(EventStream stream, PartitionedCounter counter, EpochFileSink sink,
            KafkaCompletion completion, long ratePerSecond) {
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("sample.events.rate must be >= 0 (0 is unlimited), was " + ratePerSecond);
        }
        this.stream = stream;
        this.counter = counter;
        this.sink = sink;
        this.completion = completion;
        this.ratePerSecond = ratePerSecond;
    }

    /**
     * Counts one event.
     * @param record the event: key name and decimal value
     * @throws IllegalArgumentException when the key is not a key of the stream or the value not a number
     */
    @KafkaListener(id = ID, idIsGroup = false, topics = "${sample.kafka.topic}",
            concurrency = "${sample.kafka.concurrency}")
    public void onEvent(ConsumerRecord<String, String> record) {
        pace();
        int keyId = stream.keyId(String.valueOf(record.key()));
        int value;
        try {
            value = Integer.parseInt(record.value());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("the value of " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is '" + record.value() + "', not a number", ex);
        }
        sink.write(counter.process(new TopicPartition(record.topic(), record.partition()), keyId, value));
        completion.counted(counter.events());
    }

    private void pace() {
        if (ratePerSecond == 0) {
            return;
        }
        if (started == 0) {
            started = System.nanoTime();
        }
        long due = started + (long) (paced.getAndIncrement() * 1e9 / ratePerSecond);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
        }
    }
}
