/**
 * S3 for tests: a real S3Mock server in its own JVM, a JUnit extension that gives each test a
 * bucket on it, and a loopback proxy that injects the faults S3 clients meet.
 */
@NullMarked
package dev.checkpointstore.test.s3;

import org.jspecify.annotations.NullMarked;
