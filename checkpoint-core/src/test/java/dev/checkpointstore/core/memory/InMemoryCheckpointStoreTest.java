package dev.checkpointstore.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;

import dev.checkpointstore.core.CheckpointStoreContractTest;
import dev.checkpointstore.core.CorruptCheckpointException;
import org.junit.jupiter.api.Test;

/**
 * The contract, run against {@link InMemoryCheckpointStore}.
 */
class InMemoryCheckpointStoreTest extends CheckpointStoreContractTest {

    private InMemoryCheckpointStore current;

    @Override
    protected InMemoryCheckpointStore createStore(StoreOptions options) {
        current = InMemoryCheckpointStore.builder()
                .maxRetained(options.maxRetained())
                .orphanMinAge(options.orphanMinAge())
                .vnodeCount(options.vnodeCount())
                .clock(options.clock())
                .build();
        return current;
    }

    /** Memory does not outlive its store: the same store stands in for a restarted one. */
    @Override
    protected InMemoryCheckpointStore reopen() {
        return current;
    }

    @Override
    protected void writeRawManifest(long checkpointId, byte[] json) {
        current.putRawManifest(checkpointId, json);
    }

    @Override
    protected void deleteState(long checkpointId) {
        current.removeState(checkpointId);
    }

    @Override
    protected void writeRawLatestPointer(long checkpointId) {
        current.putRawLatest(checkpointId);
    }

    @Override
    protected void writeEmptyLatestPointer() {
        current.putRawLatest(0);
    }

    @Test
    void oversizedManifestIsCorrupt() {
        InMemoryCheckpointStore small = InMemoryCheckpointStore.builder().maxManifestBytes(100).build();
        small.putRawManifest(1, "x".repeat(101).getBytes(StandardCharsets.UTF_8));

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> small.loadById(1))
                .withMessageContaining("101 bytes").withMessageContaining("100");
        assertThat(small.validateCheckpoint(1).fatalReason()).startsWith("corrupt manifest: ").contains("101 bytes");
        assertThat(small.listIds()).containsExactly(1L);
        assertThat(small.list()).isEmpty();
    }

    @Test
    void builderRejectsBadValuesNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().vnodeCount(0))
                .withMessageContaining("was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().vnodeCount(65536))
                .withMessageContaining("65536");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().maxRetained(-1))
                .withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCheckpointStore.builder().maxManifestBytes(0))
                .withMessageContaining("0");
    }
}
