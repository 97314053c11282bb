package dev.checkpointstore.spring.web;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A bare application: the starter's auto-configuration and Spring Boot's, nothing else.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CheckpointTestApplication {
}
