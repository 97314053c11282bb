package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkpointstore.test.FormatFixtures;

/**
 * {@link ManifestCodec} against LaminarDB's JSON: the format fixtures, byte-exact
 * {@code serde_json::to_vec_pretty} output, the unsigned range, rejection of bad numbers and the
 * escaping of strings.
 */
class ManifestCodecTest {

    private static final String REQUIRED = "\"version\": 1, \"checkpoint_id\": 3, \"epoch\": 2, \"timestamp_ms\": 5";

    private static CheckpointManifest decode(String json) {
        return ManifestCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(CheckpointManifest manifest) {
        return new String(ManifestCodec.encode(manifest), StandardCharsets.UTF_8);
    }

    private static CheckpointManifest.Builder required() {
        return CheckpointManifest.builder().version(1).checkpointId(3).epoch(2).timestampMs(5);
    }

    // ---- fixtures ----

    static Stream<Path> fixtureManifests() throws IOException {
        Path fixtures = FormatFixtures.dir();
        try (Stream<Path> files = Files.walk(fixtures)) {
            List<Path> manifests = files.filter(p -> p.getFileName().toString().matches("manifest(-\\d+)?\\.json"))
                    .sorted().toList();
            assertThat(manifests).isNotEmpty();
            return manifests.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtureManifests")
    void everyFixtureManifestParsesAndItsReEncodingParsesBackEqual(Path file) throws IOException {
        CheckpointManifest manifest = ManifestCodec.decode(Files.readAllBytes(file));

        assertThat(manifest.checkpointId()).isPositive();
        assertThat(manifest.version()).isEqualTo(1);
        byte[] ours = ManifestCodec.encode(manifest);
        assertThat(ManifestCodec.decode(ours)).isEqualTo(manifest);
        assertThat(ManifestCodec.encode(ManifestCodec.decode(ours))).isEqualTo(ours);
    }

    @Test
    void validPairFixtureParsesToEveryField() throws IOException {
        Path file = FormatFixtures.dir().resolve("fs/valid-pair/checkpoints/checkpoint_000002/manifest.json");

        CheckpointManifest m = ManifestCodec.decode(Files.readAllBytes(file));

        CheckpointManifest expected = CheckpointManifest.builder()
                .version(1).checkpointId(2).epoch(2).timestampMs(1_764_000_000_002L)
                .putSourceOffset("kafka-clicks", new ConnectorCheckpoint(
                        Map.of("partition-0", "1234", "partition-1", "5678"), 2, Map.of("group", "clicks-agg")))
                .putSourceOffset("ws-prices", ConnectorCheckpoint.of(Map.of("seq", "99"), 2))
                .putSinkEpoch("pg-sink", 1).putSinkEpoch("s3-sink", 1)
                .putSinkCommitStatus("pg-sink", SinkCommitStatus.COMMITTED)
                .putSinkCommitStatus("s3-sink", SinkCommitStatus.failed("disk full"))
                .putTableOffset("instruments", ConnectorCheckpoint.of(Map.of("lsn", "0/ABCD"), 2))
                .putOperatorState("window-agg", new OperatorCheckpoint("c21hbGw=", false, 0, 0))
                .putOperatorState("join", new OperatorCheckpoint(null, true, 0, 4096))
                .tableStoreCheckpointPath("/var/lib/laminar/table_store_cp")
                .watermark(999_000L)
                .putSourceWatermark("kafka-clicks", 999_000).putSourceWatermark("ws-prices", -5)
                .sourceNames(List.of("kafka-clicks", "ws-prices"))
                .sinkNames(List.of("pg-sink", "s3-sink"))
                .pipelineHash(Long.parseUnsignedLong("16045690984503054900"))
                .vnodeCount(256)
                .stateChecksum("b27c364b33d4ca9f99da205cf9cdaea5a7afaca38cdba008b108b33eb7966215")
                .build();
        assertThat(m).isEqualTo(expected);
        assertThat(m.operatorStates().keySet()).containsExactly("join", "window-agg");
    }

    // ---- writing ----

    @Test
    void encodesExactlyAsSerdeJsonPrettyWithSortedKeys() {
        CheckpointManifest m = CheckpointManifest.builder()
                .checkpointId(3).epoch(2).timestampMs(1_764_000_000_003L)
                .putSourceOffset("b-src", ConnectorCheckpoint.of(Map.of("p1", "2", "p0", "1"), 2))
                .putSourceOffset("a-src", new ConnectorCheckpoint(Map.of(), 1, Map.of("k", "v")))
                .putSinkEpoch("s", 1)
                .putSinkCommitStatus("s", SinkCommitStatus.failed("boom"))
                .putSinkCommitStatus("r", SinkCommitStatus.PENDING)
                .putOperatorState("z", OperatorCheckpoint.external(0, 10))
                .putOperatorState("a", OperatorCheckpoint.inline(new byte[] {1, 2}))
                .watermark(-1L)
                .putSourceWatermark("a-src", 5)
                .sourceNames(List.of("b-src", "a-src"))
                .pipelineHash(-1L)
                .vnodeCount(256)
                .build();

        assertThat(encode(m)).isEqualTo("""
                {
                  "version": 1,
                  "checkpoint_id": 3,
                  "epoch": 2,
                  "timestamp_ms": 1764000000003,
                  "source_offsets": {
                    "a-src": {
                      "offsets": {},
                      "epoch": 1,
                      "metadata": {
                        "k": "v"
                      }
                    },
                    "b-src": {
                      "offsets": {
                        "p0": "1",
                        "p1": "2"
                      },
                      "epoch": 2,
                      "metadata": {}
                    }
                  },
                  "sink_epochs": {
                    "s": 1
                  },
                  "sink_commit_statuses": {
                    "r": "Pending",
                    "s": {
                      "Failed": "boom"
                    }
                  },
                  "table_offsets": {},
                  "operator_states": {
                    "a": {
                      "state_b64": "AQI=",
                      "external": false,
                      "external_offset": 0,
                      "external_length": 0
                    },
                    "z": {
                      "state_b64": null,
                      "external": true,
                      "external_offset": 0,
                      "external_length": 10
                    }
                  },
                  "table_store_checkpoint_path": null,
                  "watermark": -1,
                  "source_watermarks": {
                    "a-src": 5
                  },
                  "source_names": [
                    "b-src",
                    "a-src"
                  ],
                  "sink_names": [],
                  "pipeline_hash": 18446744073709551615,
                  "vnode_count": 256,
                  "state_checksum": null
                }""");
    }

    @Test
    void fixtureManifestWithSortedKeysIsReproducedByteForByte() throws IOException {
        Path file = FormatFixtures.dir().resolve("fs/valid-pair/checkpoints/checkpoint_000002/manifest.json");
        String fixture = Files.readString(file);
        String sorted = fixture.replace("""
                    "window-agg": {
                      "state_b64": "c21hbGw=",
                      "external": false,
                      "external_offset": 0,
                      "external_length": 0
                    },
                    "join": {
                      "state_b64": null,
                      "external": true,
                      "external_offset": 0,
                      "external_length": 4096
                    }
                """.indent(0).stripTrailing(), """
                    "join": {
                      "state_b64": null,
                      "external": true,
                      "external_offset": 0,
                      "external_length": 4096
                    },
                    "window-agg": {
                      "state_b64": "c21hbGw=",
                      "external": false,
                      "external_offset": 0,
                      "external_length": 0
                    }
                """.indent(0).stripTrailing());
        assertThat(sorted).as("the fixture's operators, reordered by name").isNotEqualTo(fixture);

        assertThat(encode(ManifestCodec.decode(Files.readAllBytes(file)))).isEqualTo(sorted.stripTrailing());
    }

    @Test
    void equalManifestsGiveEqualBytesWhateverTheInsertionOrder() {
        CheckpointManifest one = required().putSinkEpoch("b", 1).putSinkEpoch("a", 2).putSinkEpoch("\u00e9", 3)
                .putSinkEpoch("\ud83d\ude80", 4).putSinkEpoch("\uffff", 5).build();
        CheckpointManifest two = required().putSinkEpoch("\uffff", 5).putSinkEpoch("\ud83d\ude80", 4)
                .putSinkEpoch("\u00e9", 3).putSinkEpoch("a", 2).putSinkEpoch("b", 1).build();

        assertThat(ManifestCodec.encode(one)).isEqualTo(ManifestCodec.encode(two));
        assertThat(one.sinkEpochs().keySet()).as("UTF-8 byte order: U+FFFF before U+1F680")
                .containsExactly("a", "b", "\u00e9", "\uffff", "\ud83d\ude80");
    }

    @Test
    void escapesControlCharactersAndWritesNonAsciiAsUtf8() {
        String value = "q\"b\\s/\n\r\t\b\f\u0000\u0001\u001f\u007f \u00e9\u2603\ud83d\ude80";
        CheckpointManifest m = required().tableStoreCheckpointPath(value).build();

        byte[] json = ManifestCodec.encode(m);

        String expected = "\"table_store_checkpoint_path\": \"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\u007f "
                + "\u00e9\u2603\ud83d\ude80\"";
        assertThat(new String(json, StandardCharsets.UTF_8)).contains(expected);
        assertThat(json).containsSequence(0xF0, 0x9F, 0x9A, 0x80);
        assertThat(ManifestCodec.decode(json)).isEqualTo(m);
    }

    @Test
    void writesAnUnpairedSurrogateAsTheReplacementCharacter() {
        CheckpointManifest m = required().tableStoreCheckpointPath("a\ud800b").build();

        assertThat(ManifestCodec.decode(ManifestCodec.encode(m)).tableStoreCheckpointPath()).hasValue("a\ufffdb");
    }

    // ---- reading ----

    @Test
    void requiredFieldsAloneGiveDefaults() {
        CheckpointManifest m = decode("{" + REQUIRED + "}");

        assertThat(m).isEqualTo(required().build());
        assertThat(m.sourceOffsets()).isEmpty();
        assertThat(m.watermark()).isEmpty();
        assertThat(m.pipelineHash()).isEmpty();
        assertThat(m.stateChecksum()).isEmpty();
        assertThat(m.tableStoreCheckpointPath()).isEmpty();
        assertThat(m.vnodeCount()).isZero();
        assertThat(m.sourceNames()).isEmpty();
    }

    @Test
    void explicitNullsReadAsNoneForOptionalFieldsOnly() {
        CheckpointManifest m = decode("{" + REQUIRED + ", \"watermark\": null, \"pipeline_hash\": null,"
                + " \"state_checksum\": null, \"table_store_checkpoint_path\": null}");

        assertThat(m).isEqualTo(required().build());
        for (String field : List.of("source_offsets", "sink_epochs", "sink_commit_statuses", "table_offsets",
                "operator_states", "source_watermarks", "source_names", "sink_names", "vnode_count")) {
            assertThatExceptionOfType(CorruptCheckpointException.class)
                    .as(field).isThrownBy(() -> decode("{" + REQUIRED + ", \"" + field + "\": null}"))
                    .withMessageContaining(field);
        }
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() {
        CheckpointManifest m = decode("{\"future\": {\"nested\": [1, {\"x\": null}]}, " + REQUIRED
                + ", \"extra_number\": 1.5e300, \"extra_list\": [true, false, \"s\"],"
                + " \"source_offsets\": {\"k\": {\"offsets\": {\"p\": \"1\"}, \"epoch\": 4, \"new\": [1]}},"
                + " \"operator_states\": {\"op\": {\"state_b64\": \"AA==\", \"external\": false,"
                + " \"external_offset\": 0, \"external_length\": 0, \"compression\": \"zstd\"}}}");

        assertThat(m).isEqualTo(required()
                .putSourceOffset("k", ConnectorCheckpoint.of(Map.of("p", "1"), 4))
                .putOperatorState("op", OperatorCheckpoint.inline(new byte[] {0}))
                .build());
    }

    @Test
    void unsignedFieldsTakeTheirWholeRange() {
        String max = "18446744073709551615";
        String json = "{\"version\": 1, \"checkpoint_id\": " + max + ", \"epoch\": " + max + ", \"timestamp_ms\": "
                + max + ", \"sink_epochs\": {\"s\": " + max + "}, \"pipeline_hash\": " + max
                + ", \"vnode_count\": 65535, \"operator_states\": {\"o\": {\"state_b64\": null, \"external\": true,"
                + " \"external_offset\": " + max + ", \"external_length\": 9223372036854775808}},"
                + " \"source_offsets\": {\"k\": {\"offsets\": {}, \"epoch\": " + max + "}},"
                + " \"watermark\": -9223372036854775808, \"source_watermarks\": {\"k\": 9223372036854775807}}";

        CheckpointManifest m = decode(json);

        assertThat(m.checkpointId()).isEqualTo(-1L);
        assertThat(Long.toUnsignedString(m.epoch())).isEqualTo(max);
        assertThat(Long.toUnsignedString(m.timestampMs())).isEqualTo(max);
        assertThat(m.sinkEpochs()).containsEntry("s", -1L);
        assertThat(m.pipelineHash()).hasValue(-1L);
        assertThat(m.vnodeCount()).isEqualTo(65_535);
        assertThat(m.operatorStates().get("o").externalOffset()).isEqualTo(-1L);
        assertThat(m.operatorStates().get("o").externalLength()).isEqualTo(Long.MIN_VALUE);
        assertThat(m.sourceOffsets().get("k").epoch()).isEqualTo(-1L);
        assertThat(m.watermark()).hasValue(Long.MIN_VALUE);
        assertThat(m.sourceWatermarks()).containsEntry("k", Long.MAX_VALUE);
        String out = encode(m);
        assertThat(out).contains("\"checkpoint_id\": " + max, "\"pipeline_hash\": " + max,
                "\"external_length\": 9223372036854775808", "\"watermark\": -9223372036854775808");
        assertThat(decode(out)).isEqualTo(m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"checkpoint_id\": -1                     | checkpoint_id",
        "\"epoch\": 18446744073709551616           | epoch",
        "\"timestamp_ms\": 1.5                     | timestamp_ms",
        "\"epoch\": \"7\"                          | epoch",
        "\"version\": 4294967296                   | version",
        "\"vnode_count\": 65536                    | vnode_count",
        "\"vnode_count\": -1                       | vnode_count",
        "\"sink_epochs\": {\"s\": -5}              | sink_epochs",
        "\"watermark\": 9223372036854775808        | watermark",
        "\"source_watermarks\": {\"s\": -9223372036854775809} | source_watermarks",
        "\"pipeline_hash\": 99999999999999999999   | pipeline_hash",
        "\"source_names\": [\"a\", 1]              | source_names",
        "\"sink_commit_statuses\": {\"s\": \"Done\"} | Done",
        "\"sink_commit_statuses\": {\"s\": {\"Failed\": \"x\", \"y\": 1}} | Failed",
        "\"operator_states\": {\"o\": {\"external\": 1}} | external",
        "\"operator_states\": {\"o\": {\"external_offset\": -1}} | external_offset",
    })
    void badValuesAreCorruptNamingTheField(String field, String named) {
        String json = "{\"version\": 1, \"checkpoint_id\": 3, \"epoch\": 2, \"timestamp_ms\": 5, " + field + "}";

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> decode(json))
                .withMessageContaining(named);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                   | end of input",
        "'[]'                                 | manifest",
        "'{\"version\": 1}'                   | checkpoint_id, epoch, timestamp_ms",
        "'{\"version\": 1, \"checkpoint_id\": 3, \"epoch\": 2, \"timestamp_ms\": 5} {}' | after the manifest",
        "'{\"version\": 1, \"checkpoint_id\": 3, '  | ''",
        "'nul'                                | ''",
    })
    void malformedDocumentsAreCorrupt(String json, String named) {
        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> decode(json))
                .withMessageContaining(named);
    }

    @Test
    void invalidUtf8IsCorrupt() {
        byte[] json = ("{" + REQUIRED + ", \"table_store_checkpoint_path\": \"x\"}").getBytes(StandardCharsets.UTF_8);
        json[json.length - 3] = (byte) 0xFF;

        assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> ManifestCodec.decode(json));
    }

    @Test
    void everySinkCommitStatusReadsBack() {
        CheckpointManifest m = decode("{" + REQUIRED + ", \"sink_commit_statuses\": {\"a\": \"Pending\","
                + " \"b\": \"Committed\", \"c\": {\"Failed\": \"disk \\\"full\\\"\"}}}");

        assertThat(m.sinkCommitStatuses()).containsExactly(
                Map.entry("a", SinkCommitStatus.PENDING),
                Map.entry("b", SinkCommitStatus.COMMITTED),
                Map.entry("c", SinkCommitStatus.failed("disk \"full\"")));
        assertThat(decode(encode(m))).isEqualTo(m);
    }
}
