package dev.checkpointstore.core.s3;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.CheckpointStoreContractTest;
import dev.checkpointstore.test.s3.S3MockExtension;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract, run against {@link S3CheckpointStore} on a real S3Mock server. Each test has a
 * prefix of its own in a bucket of its own ({@link S3MockExtension}); the hooks write and delete
 * objects with plain S3 calls.
 */
class S3CheckpointStoreContractTest extends CheckpointStoreContractTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private final ObjectLayout layout = new ObjectLayout("contract-" + TESTS.incrementAndGet() + "/");

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("contract");

    @Override
    protected CheckpointStore createStore(StoreOptions options) {
        return S3CheckpointStore.builder(S3.server().client(), bucket())
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
        client().deleteObject(r -> r.bucket(bucket()).key(layout.stateKey(checkpointId)));
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
        client().putObject(r -> r.bucket(bucket()).key(key), RequestBody.fromBytes(bytes));
    }

    /** The running test's bucket: the contract's {@code @BeforeEach} builds a store before any of ours runs. */
    private static String bucket() {
        return S3.bucket().name();
    }

    private static S3Client client() {
        return S3.server().client();
    }
}
