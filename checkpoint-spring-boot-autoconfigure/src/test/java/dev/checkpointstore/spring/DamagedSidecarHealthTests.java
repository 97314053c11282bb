package dev.checkpointstore.spring;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.fs.FileSystemCheckpointStore;
import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.test.s3.S3Bucket;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.spring.health.CheckpointsHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

/**
 * A sidecar damaged behind an unchanged manifest (one byte flipped, same size) shows in health
 * once the cached walk's time to live has passed, on the filesystem and on S3.
 */
@ExtendWith(S3MockExtension.class)
class DamagedSidecarHealthTests {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();

    @TempDir
    Path tmp;

    private CheckpointsHealthIndicator health(CheckpointStore store) {
        return new CheckpointsHealthIndicator(new CheckpointInspector(store, TTL, nanos::get));
    }

    @Test
    void filesystemHealthTurnsDownOnceTheOnlySidecarIsDamagedInPlace() throws IOException {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(tmp).build();
        TestCheckpoints.save(store, 1);
        CheckpointsHealthIndicator indicator = health(store);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        Path state = store.layout().state(1);
        long size = Files.size(state);

        flipByte(state, 3);
        assertThat(Files.size(state)).isEqualTo(size);
        assertThat(indicator.health().getStatus()).as("the walk is cached for its time to live").isEqualTo(Status.UP);
        nanos.addAndGet(TTL.toNanos());

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("examined", 1).doesNotContainKey("chosenId");
        assertSkipped(health, 1L);
    }

    @Test
    void filesystemHealthFallsBackWhenTheNewestSidecarIsDamagedInPlace() throws IOException {
        FileSystemCheckpointStore store = FileSystemCheckpointStore.builder(tmp).build();
        TestCheckpoints.save(store, 1);
        TestCheckpoints.save(store, 2);
        CheckpointsHealthIndicator indicator = health(store);
        assertThat(indicator.health().getDetails()).containsEntry("chosenId", 2L);

        flipByte(store.layout().state(2), 0);
        nanos.addAndGet(TTL.toNanos());

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("chosenId", 1L).containsEntry("examined", 2);
        assertSkipped(health, 2L);
    }

    @Test
    void s3HealthFallsBackWhenTheNewestSidecarIsOverwrittenWithOneByteFlipped(S3Bucket s3) {
        S3Client client = s3.client();
        String bucket = s3.name();
        S3CheckpointStore store = S3CheckpointStore.builder(client, bucket).prefix("node/").build();
        TestCheckpoints.save(store, 1);
        TestCheckpoints.save(store, 2);
        CheckpointsHealthIndicator indicator = health(store);
        assertThat(indicator.health().getDetails()).containsEntry("chosenId", 2L);

        String key = "node/checkpoints/state-000002.bin";
        byte[] state = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        state[0] ^= (byte) 0xFF;
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(state));
        nanos.addAndGet(TTL.toNanos());

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("chosenId", 1L).containsEntry("examined", 2);
        assertSkipped(health, 2L);
    }

    @Test
    void s3HealthTurnsDownOnceTheOnlySidecarIsOverwrittenWithOneByteFlipped(S3Bucket s3) {
        S3Client client = s3.client();
        String bucket = s3.name();
        S3CheckpointStore store = S3CheckpointStore.builder(client, bucket).build();
        TestCheckpoints.save(store, 1);
        CheckpointsHealthIndicator indicator = health(store);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        String key = "checkpoints/state-000001.bin";
        byte[] state = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        state[state.length - 1] ^= (byte) 0x01;
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(state));
        nanos.addAndGet(TTL.toNanos());

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertSkipped(health, 1L);
    }

    private static void assertSkipped(Health health, long id) {
        assertThat(health.getDetails().get("skipped")).asInstanceOf(LIST).singleElement().satisfies(skipped -> {
            Map<?, ?> entry = (Map<?, ?>) skipped;
            assertThat(entry.get("id")).isEqualTo(id);
            assertThat((String) entry.get("reason")).startsWith("state.bin checksum mismatch");
        });
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0xFF);
        }
    }
}
