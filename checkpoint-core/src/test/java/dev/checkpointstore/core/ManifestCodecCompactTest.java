package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link ManifestCodec#encodeCompact}: the manifest as {@code serde_json::to_vec} writes it, the
 * pretty bytes without their white space, and it reads back equal.
 */
class ManifestCodecCompactTest {

    @Test
    void writesRequiredFieldsAndDefaultsAsSerdeJsonDoes() {
        CheckpointManifest m = CheckpointManifest.builder().checkpointId(3).epoch(2).timestampMs(5).build();

        assertThat(new String(ManifestCodec.encodeCompact(m), StandardCharsets.UTF_8)).isEqualTo(
                "{\"version\":1,\"checkpoint_id\":3,\"epoch\":2,\"timestamp_ms\":5,\"source_offsets\":{},"
                        + "\"sink_epochs\":{},\"sink_commit_statuses\":{},\"table_offsets\":{},\"operator_states\":{},"
                        + "\"table_store_checkpoint_path\":null,\"watermark\":null,\"source_watermarks\":{},"
                        + "\"source_names\":[],\"sink_names\":[],\"pipeline_hash\":null,\"vnode_count\":0,"
                        + "\"state_checksum\":null}");
    }

    @Test
    void writesEveryKindOfValueWithoutWhiteSpaceAndKeepsTheEscapes() {
        CheckpointManifest m = CheckpointManifest.builder().checkpointId(-1).epoch(2).timestampMs(5)
                .putSourceOffset("src", ConnectorCheckpoint.of(Map.of("p 0", "1"), 2))
                .putSinkCommitStatus("a", SinkCommitStatus.failed("no \"space\"\n"))
                .putSinkCommitStatus("b", SinkCommitStatus.COMMITTED)
                .putOperatorState("op", OperatorCheckpoint.external(0, 7))
                .watermark(Long.MIN_VALUE).sourceNames(List.of("src", "\u00e9")).pipelineHash(-2L).vnodeCount(8)
                .build();

        String compact = new String(ManifestCodec.encodeCompact(m), StandardCharsets.UTF_8);

        assertThat(compact).contains(
                "\"checkpoint_id\":18446744073709551615,",
                "\"source_offsets\":{\"src\":{\"offsets\":{\"p 0\":\"1\"},\"epoch\":2,\"metadata\":{}}},",
                "\"sink_commit_statuses\":{\"a\":{\"Failed\":\"no \\\"space\\\"\\n\"},\"b\":\"Committed\"},",
                "\"operator_states\":{\"op\":{\"state_b64\":null,\"external\":true,\"external_offset\":0,"
                        + "\"external_length\":7}},",
                "\"watermark\":-9223372036854775808,", "\"source_names\":[\"src\",\"\u00e9\"],",
                "\"pipeline_hash\":18446744073709551614,");
        assertThat(ManifestCodec.decode(compact.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
    }

    @Property(tries = 200)
    void isThePrettyFormWithoutItsWhiteSpace(@ForAll("manifests") CheckpointManifest manifest) {
        byte[] compact = ManifestCodec.encodeCompact(manifest);

        assertThat(compact).isEqualTo(withoutWhiteSpace(ManifestCodec.encode(manifest)));
        assertThat(ManifestCodec.decode(compact)).isEqualTo(manifest);
    }

    /** JSON without the white space between its tokens; strings are kept as they are. */
    private static byte[] withoutWhiteSpace(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                out.write(b);
                if (b == '\\') {
                    out.write(json[++i]);
                }
                else if (b == '"') {
                    inString = false;
                }
            }
            else if (b != ' ' && b != '\n') {
                out.write(b);
                inString = b == '"';
            }
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<CheckpointManifest> manifests() {
        return new ManifestCodecPropertiesTest().manifests();
    }
}
