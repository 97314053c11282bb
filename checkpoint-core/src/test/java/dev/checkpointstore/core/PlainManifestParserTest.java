package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path of manifest parsing reads the manifests writers produce and agrees with the full
 * parser on every input: the same manifest where it accepts, and for anything else (other valid
 * forms, every invalid one) it declines and leaves the answer, and the error message, to the full
 * parser.
 */
class PlainManifestParserTest {

    private static final List<String> REQUIRED = List.of("\"version\": 1", "\"checkpoint_id\": 3", "\"epoch\": 2",
            "\"timestamp_ms\": 5");

    @Property(tries = 200)
    void readsEveryAsciiManifestAsTheFullParserDoes(@ForAll("asciiManifests") CheckpointManifest manifest) {
        for (byte[] json : List.of(ManifestCodec.encode(manifest), ManifestCodec.encodeCompact(manifest))) {
            CheckpointManifest plain = PlainManifestParser.tryParse(json);

            assertThat(plain).isNotNull().isEqualTo(manifest).isEqualTo(ManifestParser.parseFully(json));
        }
    }

    @Property(tries = 200)
    void agreesWithTheFullParserOnAnyManifest(@ForAll("manifests") CheckpointManifest manifest) {
        assertAgrees(ManifestCodec.encode(manifest));
    }

    @Property(tries = 300)
    void agreesWithTheFullParserOnDamagedManifests(@ForAll("asciiManifests") CheckpointManifest manifest,
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll byte replacement) {
        byte[] json = ManifestCodec.encode(manifest);
        json[where % json.length] = replacement;

        assertAgrees(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "}", "\"checkpoint_id\": 18446744073709551615", "\"checkpoint_id\": 9223372036854775808",
        "\"watermark\": -9223372036854775808", "\"watermark\": 9223372036854775807", "\"watermark\": -1",
        "\"watermark\": null", "\"pipeline_hash\": null", "\"pipeline_hash\": 18446744073709551615",
        "\"vnode_count\": 65535", "\"version\": 4294967295",
        "\"sink_commit_statuses\": {\"a\": \"Pending\", \"b\": \"Committed\", \"c\": {\"Failed\": \"disk full\"}}",
        "\"sink_epochs\": {\"s\": 1, \"s\": 2}", "\"operator_states\": {\"o\": {}}",
        "\"operator_states\": {\"o\": {\"state_b64\": null, \"external\": true, \"external_offset\": 0, \"external_length\": 9}}",
        "\"source_offsets\": {\"k\": {\"offsets\": {\"p\": \"1\"}, \"epoch\": 4}}",
        "\"source_names\": [], \"sink_names\": [\"a\", \"b\"]", "\"table_store_checkpoint_path\": \"~/x\u007f\"",
        "\"state_checksum\": \"ab\" \r\n\t"
    })
    void acceptsWhatWritersWriteAndTheValuesAtTheEdgesOfEveryRange(String fields) {
        byte[] json = manifestWith(fields);

        assertThat(PlainManifestParser.tryParse(json)).isNotNull().isEqualTo(ManifestParser.parseFully(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"checkpoint_id\": 18446744073709551616", "\"checkpoint_id\": 99999999999999999999", "\"epoch\": -1",
        "\"epoch\": 01", "\"epoch\": -0", "\"epoch\": 1.0", "\"epoch\": 1e2", "\"epoch\": 1x", "\"epoch\": \"7\"",
        "\"watermark\": -0", "\"watermark\": 9223372036854775808", "\"watermark\": -9223372036854775809",
        "\"watermark\": -", "\"version\": 4294967296", "\"vnode_count\": 65536", "\"epoch\": 2, \"epoch\": 2",
        "\"unknown\": 1", "\"sink_names\": [\"a\",]", "\"sink_names\": null", "\"sink_epochs\": null",
        "\"sink_commit_statuses\": {\"s\": \"Failed\"}", "\"sink_commit_statuses\": {\"s\": {\"Pending\": null}}",
        "\"sink_commit_statuses\": {\"s\": {\"Failed\": \"x\", \"y\": 1}}", "\"sink_commit_statuses\": {\"s\": {}}",
        "\"operator_states\": {\"o\": {\"external\": 1}}", "\"operator_states\": {\"o\": {\"external\": truex}}",
        "\"operator_states\": {\"o\": {\"external\": true, \"external\": false}}",
        "\"operator_states\": {\"o\": [null, false, 0, 0]}", "\"operator_states\": {\"o\": {\"x\": 1}}",
        "\"source_offsets\": {\"k\": {\"epoch\": 4}}", "\"source_offsets\": {\"k\": {\"offsets\": {}, \"epoch\": 4, \"z\": 0}}",
        "\"table_store_checkpoint_path\": \"a\\\"b\"", "\"table_store_checkpoint_path\": \"a\\u0041\"",
        "\"table_store_checkpoint_path\": \"\u00e9\"", "\"table_store_checkpoint_path\": \"a\tb\"",
        "\"state_checksum\": \"ab\"} {", "\"state_checksum\": \"ab\"}x", "\"state_checksum\": \"ab", "\"state_checksum\": ",
        "\"state_checksum\": \"ab\" \f"
    })
    void declinesEverythingElseAndTheFullParserDecides(String fields) {
        byte[] json = manifestWith(fields);

        assertThat(PlainManifestParser.tryParse(json)).isNull();
        assertAgrees(json);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\ufeff{}", "[1, 3, 2, 5]", "{\"version\": 1, \"checkpoint_id\": 3}", "  ", "null" })
    void declinesDocumentsThatAreNotAnObjectOfTheRequiredFields(String json) {
        assertThat(PlainManifestParser.tryParse(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void findsEveryByteThatEndsOrSpoilsAStringWhereverItFallsInTheWordsScanned() {
        String[] spoilers = { "\"", "\\", "\u0001", "\u001f", "\u00e9", "\u007f", " ", "~" };
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at <= length; at++) {
                for (String spoiler : spoilers) {
                    String value = "a".repeat(at) + spoiler + "b".repeat(length - at);
                    byte[] json = manifestWith("\"table_store_checkpoint_path\": \"" + value + "\"");

                    assertAgrees(json);
                    boolean plain = spoiler.equals("\u007f") || spoiler.equals(" ") || spoiler.equals("~");
                    assertThat(PlainManifestParser.tryParse(json) != null).as(value).isEqualTo(plain);
                }
            }
        }
    }

    @Test
    void skipsIndentationOfAnyWidthAndFieldsInAnyOrder() {
        for (int indent = 0; indent < 20; indent++) {
            String pad = "\n" + " ".repeat(indent);
            byte[] json = ("{" + pad + "\"timestamp_ms\": 5," + pad + "\"epoch\": 2," + pad + "\"vnode_count\":" + pad + "7,"
                    + pad + "\"checkpoint_id\": 3," + pad + "\"version\": 1" + pad + "}" + " ".repeat(indent))
                    .getBytes(StandardCharsets.US_ASCII);

            CheckpointManifest manifest = PlainManifestParser.tryParse(json);

            assertThat(manifest).as("indent %d", indent).isNotNull().isEqualTo(ManifestParser.parseFully(json));
            assertThat(manifest.vnodeCount()).isEqualTo(7);
        }
    }

    @Property(tries = 3)
    void declinesMoreEntriesThanTheLimit(@ForAll @IntRange(min = 1, max = 3) int over) {
        StringBuilder names = new StringBuilder("\"source_names\": [");
        for (int i = 0; i < ManifestParser.MAX_ENTRIES + over; i++) {
            names.append(i == 0 ? "\"n\"" : ",\"n\"");
        }
        byte[] json = manifestWith(names.append(']').toString());

        assertThat(PlainManifestParser.tryParse(json)).isNull();
        assertAgrees(json);
    }

    /** The required fields, but one that {@code fields} starts with, then {@code fields}. */
    private static byte[] manifestWith(String fields) {
        List<String> head = REQUIRED.stream().filter(f -> !fields.startsWith(f.substring(0, f.indexOf(':') + 1)))
                .toList();
        String json = "{" + String.join(", ", head) + (fields.isEmpty() ? "}" : fields.equals("}") ? " }"
                : ", " + fields + (fields.endsWith("}x") || fields.endsWith("} {") || fields.endsWith("\"ab") ? "" : "}"));
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The fast path gives the full parser's manifest, or declines. */
    private static void assertAgrees(byte[] json) {
        CheckpointManifest plain = PlainManifestParser.tryParse(json);
        @Nullable CheckpointManifest full;
        try {
            full = ManifestParser.parseFully(json);
        }
        catch (CorruptCheckpointException ex) {
            full = null;
        }
        if (plain != null) {
            assertThat(plain).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(full);
        }
    }

    @Provide
    Arbitrary<CheckpointManifest> manifests() {
        return new ManifestCodecPropertiesTest().manifests();
    }

    /** Manifests whose every string is printable ASCII without quotes or backslashes, as most are. */
    @Provide
    Arbitrary<CheckpointManifest> asciiManifests() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMaxLength(12);
        Arbitrary<ConnectorCheckpoint> connector = Combinators.combine(ManifestCodecPropertiesTest.maps(text, text, 3),
                Arbitraries.longs(), ManifestCodecPropertiesTest.maps(text, text, 2)).as(ConnectorCheckpoint::new);
        Arbitrary<OperatorCheckpoint> operator = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).map(OperatorCheckpoint::inline),
                Combinators.combine(text.injectNull(0.3), Arbitraries.of(true, false), Arbitraries.longs(),
                        Arbitraries.longs()).as(OperatorCheckpoint::new));
        Arbitrary<SinkCommitStatus> status = Arbitraries.oneOf(Arbitraries.just(SinkCommitStatus.PENDING),
                Arbitraries.just(SinkCommitStatus.COMMITTED), text.map(SinkCommitStatus::failed));
        Arbitrary<CheckpointManifest.Builder> head = Combinators.combine(
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.longs(), ManifestCodecPropertiesTest.maps(text, connector, 3),
                ManifestCodecPropertiesTest.maps(text, Arbitraries.longs(), 3),
                ManifestCodecPropertiesTest.maps(text, status, 3),
                ManifestCodecPropertiesTest.maps(text, connector, 2))
                .as((version, id, epoch, time, sources, sinkEpochs, statuses, tables) -> CheckpointManifest.builder()
                        .version(version).checkpointId(id).epoch(epoch).timestampMs(time).sourceOffsets(sources)
                        .sinkEpochs(sinkEpochs).sinkCommitStatuses(statuses).tableOffsets(tables));
        return Combinators.combine(head, ManifestCodecPropertiesTest.maps(text, operator, 4), text.injectNull(0.4),
                Arbitraries.longs().injectNull(0.4), ManifestCodecPropertiesTest.maps(text, Arbitraries.longs(), 3),
                text.list().ofMaxSize(3), Arbitraries.longs().injectNull(0.4), Arbitraries.integers().between(0, 0xFFFF))
                .as((b, operators, path, watermark, watermarks, names, hash, vnodes) -> b.operatorStates(operators)
                        .tableStoreCheckpointPath(path).watermark(watermark).sourceWatermarks(watermarks)
                        .sourceNames(names).sinkNames(names).pipelineHash(hash).vnodeCount(vnodes)
                        .stateChecksum(path == null ? null : "00ff").build());
    }
}
