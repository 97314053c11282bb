package dev.checkpointstore.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the sample pipeline, under {@code sample.*}. Values are checked when the
 * pipeline starts; a bad one fails startup with a message naming the property.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

    private final Events events = new Events();

    private final Checkpoint checkpoint = new Checkpoint();

    /**
     * Where the final result (counts per key and the total) is written; committed epochs go to
     * an {@code epochs} directory beside it.
     */
    private Path outputFile = Path.of("./sample-output/result.json");

    /**
     * Whether to shut the application down once every event is processed and the result written.
     */
    private boolean exitOnComplete;

    /** @return the event stream settings */
    public Events getEvents() {
        return events;
    }

    /** @return the checkpoint settings */
    public Checkpoint getCheckpoint() {
        return checkpoint;
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

    /** Settings of the pipeline's checkpoints. */
    public static class Checkpoint {

        /**
         * How often the pipeline checkpoints.
         */
        private Duration interval = Duration.ofSeconds(1);

        /**
         * The largest operator state part stored inline in the manifest; larger parts go to the
         * sidecar.
         */
        private DataSize inlineThreshold = DataSize.ofKilobytes(16);

        /** @return the checkpoint interval */
        public Duration getInterval() {
            return interval;
        }

        /** @param interval the checkpoint interval */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** @return the inline threshold */
        public DataSize getInlineThreshold() {
            return inlineThreshold;
        }

        /** @param inlineThreshold the inline threshold */
        public void setInlineThreshold(DataSize inlineThreshold) {
            this.inlineThreshold = inlineThreshold;
        }
    }
}
