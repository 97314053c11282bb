package dev.checkpointstore.core.s3;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.test.CheckpointStoreContractTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import dev.checkpointstore.test.s3.S3MockServer;

/**
 * The contract, run against {@link S3CheckpointStore} on a real S3Mock server. Each test has a
 * prefix of its own in one bucket; the hooks write and delete objects with plain S3 calls.
 */
class S3CheckpointStoreContractTest extends CheckpointStoreContractTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private static S3MockServer server;
    private static String bucket;

    private final ObjectLayout layout = new ObjectLayout("contract-" + TESTS.incrementAndGet() + "/");

    @BeforeAll
    static void startServer() {
        server = S3MockServer.shared();
        bucket = server.newBucket("contract");
    }

    @Override
    protected CheckpointStore createStore(StoreOptions options) {
        return S3CheckpointStore.builder(server.client(), bucket)
                .prefix(layout.prefix())
                .maxRetained(options.maxRetained())
                .orphanMinAge(options.orphanMinAge())
                .vnodeCount(options.vnodeCount())
                .clock(options.clock())
                .build();
    }

    @Override
    protected void writeRawManifest(long checkpointId, byte[] json) {
        put(layout.manifestKey(checkpointId), json);
    }

    @Override
    protected void deleteState(long checkpointId) {
        client().deleteObject(r -> r.bucket(bucket).key(layout.stateKey(checkpointId)));
    }

    @Override
    protected void writeRawLatestPointer(long checkpointId) {
        put(layout.latestKey(), ObjectLayout.pointerJson(checkpointId));
    }

    @Override
    protected void writeEmptyLatestPointer() {
        put(layout.latestKey(), new byte[0]);
    }

    private void put(String key, byte[] bytes) {
        client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private static S3Client client() {
        return server.client();
    }
}
