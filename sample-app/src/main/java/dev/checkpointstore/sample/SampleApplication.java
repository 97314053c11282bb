package dev.checkpointstore.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.ApplicationPidFileWriter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The sample streaming service: counts a deterministic event stream per key, checkpoints every
 * {@code sample.checkpoint.interval} through the starter's {@code CheckpointStore}, resumes from
 * the newest valid checkpoint after a crash, and writes {@code sample.output-file} when done.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /**
     * Starts the service; writes its process id to {@code spring.pid.file} so it can be killed.
     * @param args Spring Boot arguments, such as {@code --sample.events.rate=100000}
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        application.addListeners(new ApplicationPidFileWriter());
        application.run(args);
    }
}
