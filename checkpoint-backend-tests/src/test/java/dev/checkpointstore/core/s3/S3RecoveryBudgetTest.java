package dev.checkpointstore.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.objectstore.ObjectLayout;
import dev.checkpointstore.test.s3.S3MockExtension;
import dev.checkpointstore.test.s3.S3MockServer;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 requests of a recovery past corrupt newest checkpoints (issue 14): the walk and the load
 * of the chosen manifest cost one LIST page and N + 3 GETs when the N newest manifests are corrupt
 * (one GET each, the chosen one's manifest and sidecar, and its manifest once more to restore from
 * it). A checkpoint whose manifest parses but whose sidecar fails its checksum costs two GETs, since
 * nothing short of reading the sidecar finds that out.
 */
class S3RecoveryBudgetTest {

    private static final int CORRUPT = 3;
    private static final AtomicInteger TESTS = new AtomicInteger();

    @RegisterExtension
    static final S3MockExtension S3 = new S3MockExtension("budget");

    private final S3MockServer server = S3.server();
    private String bucket;

    private final RequestCounter requests = new RequestCounter();
    private final ObjectLayout layout = new ObjectLayout("budget-" + TESTS.incrementAndGet() + "/");
    private S3Client counted;

    @BeforeEach
    void useTheTestsBucket() {
        bucket = S3.bucket().name();
    }

    @AfterEach
    void closeClient() {
        counted.close();
    }

    /** Checkpoint 1 valid, 2..1+CORRUPT saved whole and then damaged by {@code corrupt}. */
    private S3CheckpointStore storeWithCorruptNewest(boolean manifests) {
        counted = server.client(requests);
        S3CheckpointStore store = S3CheckpointStore.builder(counted, bucket).prefix(layout.prefix()).build();
        for (long id = 1; id <= 1 + CORRUPT; id++) {
            store.saveWithState(TestManifests.external(id, "w", 100, 200), TestManifests.state("s" + id, 100, 200));
        }
        for (long id = 2; id <= 1 + CORRUPT; id++) {
            String key = manifests ? layout.manifestKey(id) : layout.stateKey(id);
            byte[] garbage = manifests ? "{\"checkpoint_id\": ".getBytes(StandardCharsets.UTF_8)
                    : TestManifests.bytes("other" + id, 300);
            server.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(garbage));
        }
        return store;
    }

    private Map<String, Integer> recoverAndLoad(S3CheckpointStore store) {
        requests.reset();
        RecoveryReport report = store.recoverLatestValidated();
        assertThat(report.chosenId()).hasValue(1);
        assertThat(report.skipped()).hasSize(CORRUPT);
        assertThat(store.loadById(report.chosenId().getAsLong())).isPresent();
        return requests.snapshot();
    }

    @Test
    void recoveryPastNCorruptManifestsIsOneListAndNPlusThreeGets() {
        S3CheckpointStore store = storeWithCorruptNewest(true);

        Map<String, Integer> counts = recoverAndLoad(store);

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("ListObjectsV2", 1, "GetObject", CORRUPT + 3));
    }

    @Test
    void recoveryPastNCorruptSidecarsReadsEachSidecarOnce() {
        S3CheckpointStore store = storeWithCorruptNewest(false);

        Map<String, Integer> counts = recoverAndLoad(store);

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("ListObjectsV2", 1, "GetObject", 2 * CORRUPT + 3));
    }
}
