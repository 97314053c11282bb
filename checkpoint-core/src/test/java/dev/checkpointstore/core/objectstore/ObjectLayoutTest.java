package dev.checkpointstore.core.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.checkpointstore.core.CorruptCheckpointException;

class ObjectLayoutTest {

    private final ObjectLayout layout = new ObjectLayout("nodes/a/");

    @Test
    void keysFollowTheObjectLayout() {
        assertThat(layout.manifestKey(1)).isEqualTo("nodes/a/manifests/manifest-000001.json");
        assertThat(layout.stateKey(2)).isEqualTo("nodes/a/checkpoints/state-000002.bin");
        assertThat(layout.latestKey()).isEqualTo("nodes/a/manifests/latest.json");
        assertThat(layout.manifestKey(1_234_567)).isEqualTo("nodes/a/manifests/manifest-1234567.json");
        assertThat(layout.manifestKey(Long.MAX_VALUE)).isEqualTo("nodes/a/manifests/manifest-" + Long.MAX_VALUE + ".json");
        assertThat(new ObjectLayout("").manifestKey(3)).isEqualTo("manifests/manifest-000003.json");
    }

    @Test
    void idsParseBackFromKeys() {
        for (long id : new long[] {1, 999_999, 1_000_000, 1_234_567, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
            assertThat(layout.manifestId(layout.manifestKey(id))).hasValue(id);
            assertThat(layout.stateId(layout.stateKey(id))).hasValue(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodes/a/manifests/manifest-1.json", "nodes/a/manifests/manifest-0000001.json",
            "nodes/a/manifests/manifest-+1.json", "nodes/a/checkpoints/state-1.bin", "nodes/a/checkpoints/state-0001.bin"})
    void everyPaddingOfADecimalNamesItsCheckpointAsInLaminarDb(String key) {
        OptionalLong id = key.endsWith(".json") ? layout.manifestId(key) : layout.stateId(key);
        assertThat(id).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodes/a/manifests/latest.json", "nodes/a/manifests/manifest-abc123.json",
            "nodes/a/manifests/manifest-000001.json.tmp", "nodes/a/manifests/manifest-000001.bin",
            "nodes/b/manifests/manifest-000001.json", "nodes/a/manifests/manifest-18446744073709551616.json",
            "nodes/a/manifests/manifest--00001.json", "nodes/a/manifests/manifest-.json",
            "nodes/a/checkpoints/state-000001.bin"})
    void otherKeysNameNoManifest(String key) {
        assertThat(layout.manifestId(key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodes/a/checkpoints/state-abcdef.bin", "nodes/a/checkpoints/state-000001.bin.part",
            "nodes/a/manifests/manifest-000001.json"})
    void otherKeysNameNoSidecar(String key) {
        assertThat(layout.stateId(key)).isEmpty();
    }

    @Test
    void prefixIsEmptyOrEndsWithASlash() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ObjectLayout("nodes/a"))
                .withMessageContaining("'nodes/a'");
        assertThatIllegalArgumentException().isThrownBy(() -> new ObjectLayout("/nodes/a/"))
                .withMessageContaining("'/nodes/a/'");
        assertThat(new ObjectLayout("").prefix()).isEmpty();
    }

    @Test
    void pointerIsWrittenWithASpaceAfterTheColon() {
        assertThat(new String(ObjectLayout.pointerJson(2), StandardCharsets.UTF_8)).isEqualTo("{\"checkpoint_id\": 2}");
        assertThat(new String(ObjectLayout.pointerJson(-1), StandardCharsets.UTF_8))
                .isEqualTo("{\"checkpoint_id\": 18446744073709551615}");
        assertThat(new String(ObjectLayout.pointerJson(1_234_567), StandardCharsets.UTF_8))
                .isEqualTo("{\"checkpoint_id\": 1234567}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"checkpoint_id\": 2}", "{\"checkpoint_id\":2}", " {\n  \"checkpoint_id\" : 2\n}\n",
            "{\"writer\": \"node-a\", \"checkpoint_id\": 2, \"extra\": {\"x\": [1, 2]}}"})
    void pointerParsesLeniently(String json) {
        assertThat(ObjectLayout.parsePointer(json.getBytes(StandardCharsets.UTF_8), "here")).hasValue(2);
    }

    @Test
    void pointerHoldsUnsigned64BitIds() {
        byte[] json = "{\"checkpoint_id\": 18446744073709551615}".getBytes(StandardCharsets.UTF_8);
        assertThat(ObjectLayout.parsePointer(json, "here")).hasValue(-1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\n"})
    void blankPointerNamesNothing(String json) {
        assertThat(ObjectLayout.parsePointer(json.getBytes(StandardCharsets.UTF_8), "here")).isEqualTo(OptionalLong.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint_000002", "{\"checkpoint_id\": \"2\"}", "{\"checkpoint_id\": 0}",
            "{\"checkpoint_id\": -4}", "{\"checkpoint_id\": 2.5}", "{\"checkpoint_id\": 18446744073709551616}",
            "{\"other\": 2}", "[2]", "{\"checkpoint_id\": 2", "{\"checkpoint_id\": 2} 3"})
    void badPointerIsCorruptNamingItsLocation(String json) {
        assertThatExceptionOfType(CorruptCheckpointException.class)
                .isThrownBy(() -> ObjectLayout.parsePointer(json.getBytes(StandardCharsets.UTF_8), "s3://b/latest.json"))
                .withMessageContaining("s3://b/latest.json");
    }
}
