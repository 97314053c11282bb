package dev.checkpointstore.sample;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the sample pipeline, under {@code sample.*}. Values are checked when the
 * pipeline starts; a bad one fails startup with a message naming the property. How often it
 * checkpoints and where state goes are the starter's {@code checkpoint.coordinator.*}.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

    /** Where the events come from. */
    public enum Mode {

        /** Generated in-process from the stream definition, on one pipeline thread. */
        GENERATOR,

        /** Consumed from a Kafka topic by a listener container. */
        KAFKA
    }

    /**
     * Where the events come from: generator (made in-process) or kafka (consumed from
     * sample.kafka.topic).
     */
    private Mode mode = Mode.GENERATOR;

    private final Events events = new Events();

    private final Kafka kafka = new Kafka();

    private final Test test = new Test();

    /**
     * Where the final result (counts per key and the total) is written; committed epochs go to
     * an {@code epochs} directory beside it.
     */
    private Path outputFile = Path.of("./sample-output/result.json");

    /**
     * Whether to shut the application down once every event is processed and the result written.
     */
    private boolean exitOnComplete;

    /** @return where the events come from */
    public Mode getMode() {
        return mode;
    }

    /** @param mode where the events come from */
    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** @return the event stream settings */
    public Events getEvents() {
        return events;
    }

    /** @return the Kafka mode's settings */
    public Kafka getKafka() {
        return kafka;
    }

    /** @return the hooks of the end-to-end tests */
    public Test getTest() {
        return test;
    }

    /** @return where the result is written */
    public Path getOutputFile() {
        return outputFile;
    }

    /** @param outputFile where the result is written */
    public void setOutputFile(Path outputFile) {
        this.outputFile = outputFile;
    }

    /** @return whether to exit when done */
    public boolean isExitOnComplete() {
        return exitOnComplete;
    }

    /** @param exitOnComplete whether to exit when done */
    public void setExitOnComplete(boolean exitOnComplete) {
        this.exitOnComplete = exitOnComplete;
    }

    /** Settings of the generated event stream. */
    public static class Events {

        /**
         * How many events the stream has. Part of the pipeline's identity: checkpoints taken with
         * another value are refused.
         */
        private long total = 5_000_000;

        /**
         * How many events to process per second; 0 processes them as fast as possible.
         */
        private long rate;

        /**
         * The largest number of distinct keys; the key space opens up by one key every 16 events.
         * Part of the pipeline's identity.
         */
        private int keys = 250_000;

        /** @return the number of events */
        public long getTotal() {
            return total;
        }

        /** @param total the number of events */
        public void setTotal(long total) {
            this.total = total;
        }

        /** @return events per second, 0 for unlimited */
        public long getRate() {
            return rate;
        }

        /** @param rate events per second, 0 for unlimited */
        public void setRate(long rate) {
            this.rate = rate;
        }

        /** @return the key space */
        public int getKeys() {
            return keys;
        }

        /** @param keys the key space */
        public void setKeys(int keys) {
            this.keys = keys;
        }
    }

    /** Settings of the Kafka mode. */
    public static class Kafka {

        /**
         * The topic of events: key the key name, value the value in decimal; created with
         * sample.kafka.partitions partitions when missing.
         */
        private String topic = "sample-events";

        /**
         * How many partitions the topic is created with when missing.
         */
        private int partitions = 4;

        /**
         * How many listener threads consume the topic.
         */
        private int concurrency = 2;

        /** @return the topic */
        public String getTopic() {
            return topic;
        }

        /** @param topic the topic */
        public void setTopic(String topic) {
            this.topic = topic;
        }

        /** @return the partitions of a created topic */
        public int getPartitions() {
            return partitions;
        }

        /** @param partitions the partitions of a created topic */
        public void setPartitions(int partitions) {
            this.partitions = partitions;
        }

        /** @return the listener threads */
        public int getConcurrency() {
            return concurrency;
        }

        /** @param concurrency the listener threads */
        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }
    }

    /** Hooks for the end-to-end tests; off unless set. */
    public static class Test {

        /**
         * Makes the n-th checkpoint save with a sidecar stall for good after writing its sidecar and
         * before its manifest, so that a test can kill the process inside a checkpoint; 0 for never.
         */
        private int stallCheckpointSave;

        /** @return which save with a sidecar stalls, 0 for none */
        public int getStallCheckpointSave() {
            return stallCheckpointSave;
        }

        /** @param stallCheckpointSave which save with a sidecar stalls, 0 for none */
        public void setStallCheckpointSave(int stallCheckpointSave) {
            this.stallCheckpointSave = stallCheckpointSave;
        }
    }
}
