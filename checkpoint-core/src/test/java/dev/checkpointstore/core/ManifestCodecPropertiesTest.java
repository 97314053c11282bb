package dev.checkpointstore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based round trips of manifests through {@link ManifestCodec}: any manifest, with any
 * Unicode names and the whole range of every number, reads back equal, and any bytes either parse
 * or are reported corrupt.
 */
class ManifestCodecPropertiesTest {

    @Property(tries = 300)
    void everyManifestReadsBackEqual(@ForAll("manifests") CheckpointManifest manifest) {
        byte[] json = ManifestCodec.encode(manifest);

        CheckpointManifest decoded = ManifestCodec.decode(json);

        assertThat(decoded).isEqualTo(manifest);
        assertThat(decoded.hashCode()).isEqualTo(manifest.hashCode());
        assertThat(ManifestCodec.encode(decoded)).isEqualTo(json);
    }

    @Property(tries = 100)
    void insertionOrderDoesNotChangeTheBytes(@ForAll("manifests") CheckpointManifest manifest) {
        CheckpointManifest reordered = manifest.toBuilder()
                .sourceOffsets(reversed(manifest.sourceOffsets()))
                .sinkEpochs(reversed(manifest.sinkEpochs()))
                .sinkCommitStatuses(reversed(manifest.sinkCommitStatuses()))
                .tableOffsets(reversed(manifest.tableOffsets()))
                .operatorStates(reversed(manifest.operatorStates()))
                .sourceWatermarks(reversed(manifest.sourceWatermarks()))
                .build();

        assertThat(ManifestCodec.encode(reordered)).isEqualTo(ManifestCodec.encode(manifest));
    }

    @Property(tries = 200)
    void damagedJsonParsesOrIsReportedCorrupt(@ForAll("manifests") CheckpointManifest manifest,
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll byte replacement) {
        byte[] json = ManifestCodec.encode(manifest);
        json[where % json.length] = replacement;

        assertThatParsesOrIsCorrupt(json);
    }

    @Property(tries = 150)
    void truncatedJsonIsCorrupt(@ForAll("manifests") CheckpointManifest manifest,
            @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        byte[] json = ManifestCodec.encode(manifest);
        byte[] truncated = java.util.Arrays.copyOf(json, cut % json.length);

        try {
            ManifestCodec.decode(truncated);
            throw new AssertionError("a truncated manifest parsed: " + new String(truncated));
        }
        catch (CorruptCheckpointException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void arbitraryBytesParseOrAreReportedCorrupt(@ForAll @Size(max = 200) byte[] bytes) {
        assertThatParsesOrIsCorrupt(bytes);
    }

    private static void assertThatParsesOrIsCorrupt(byte[] json) {
        try {
            ManifestCodec.decode(json);
        }
        catch (CorruptCheckpointException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static <V> Map<String, V> reversed(Map<String, V> map) {
        List<Map.Entry<String, V>> entries = new ArrayList<>(map.entrySet());
        Collections.reverse(entries);
        Map<String, V> result = new LinkedHashMap<>();
        entries.forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    // ---- generators ----

    /**
     * Strings of valid Unicode: ASCII including control characters and quotes, the rest of the
     * basic plane without surrogates, and characters beyond it (surrogate pairs).
     */
    static Arbitrary<String> text() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('\u0000', '\u007f').withCharRange('\u0080', '\ud7ff')
                .withCharRange('\ue000', '\uffff').ofMaxLength(10);
        Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10FFFF).map(Character::toString);
        return Combinators.combine(plain, astral.injectNull(0.7)).as((s, cp) -> cp == null ? s : s + cp);
    }

    /**
     * Maps of up to {@code maxSize} entries, built from lists of entries (jqwik's own maps are
     * slow to generate because they enforce unique keys; here a repeated key just overwrites).
     */
    static <V> Arbitrary<Map<String, V>> maps(Arbitrary<String> keys, Arbitrary<V> values, int maxSize) {
        return Combinators.combine(keys, values).as(Map::entry).list().ofMaxSize(maxSize).map(entries -> {
            Map<String, V> map = new LinkedHashMap<>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
    }

    static Arbitrary<ConnectorCheckpoint> connectors() {
        return Combinators.combine(maps(text(), text(), 3), Arbitraries.longs(),
                maps(text(), text(), 2)).as(ConnectorCheckpoint::new);
    }

    static Arbitrary<OperatorCheckpoint> operators() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(OperatorCheckpoint::inline),
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                        .as((offset, length) -> new OperatorCheckpoint(null, true, offset, length)),
                Combinators.combine(text().injectNull(0.3), Arbitraries.of(true, false), Arbitraries.longs(),
                        Arbitraries.longs()).as(OperatorCheckpoint::new));
    }

    static Arbitrary<SinkCommitStatus> statuses() {
        return Arbitraries.oneOf(Arbitraries.just(SinkCommitStatus.PENDING), Arbitraries.just(SinkCommitStatus.COMMITTED),
                text().map(SinkCommitStatus::failed));
    }

    /** The header and the maps of a manifest. */
    private record Head(int version, long id, long epoch, long timestampMs, Map<String, ConnectorCheckpoint> sources,
            Map<String, Long> sinkEpochs, Map<String, SinkCommitStatus> statuses,
            Map<String, ConnectorCheckpoint> tables) {
    }

    /** The rest of a manifest. */
    private record Tail(Map<String, OperatorCheckpoint> operators, String tablePath, Long watermark,
            Map<String, Long> sourceWatermarks, List<String> sourceNames, List<String> sinkNames, Long pipelineHash,
            int vnodeCount) {
    }

    @Provide
    Arbitrary<CheckpointManifest> manifests() {
        Arbitrary<Head> head = Combinators.combine(
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                maps(text(), connectors(), 3),
                maps(text(), Arbitraries.longs(), 3),
                maps(text(), statuses(), 3),
                maps(text(), connectors(), 2)).as(Head::new);
        Arbitrary<Tail> tail = Combinators.combine(
                maps(text(), operators(), 4),
                text().injectNull(0.4),
                Arbitraries.longs().injectNull(0.4),
                maps(text(), Arbitraries.longs(), 3),
                text().list().ofMaxSize(3),
                text().list().ofMaxSize(3),
                Arbitraries.longs().injectNull(0.4),
                Arbitraries.integers().between(0, 0xFFFF)).as(Tail::new);
        Arbitrary<String> checksums = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).injectNull(0.5);
        return Combinators.combine(head, tail, checksums).as((h, t, checksum) -> CheckpointManifest.builder()
                .version(h.version()).checkpointId(h.id()).epoch(h.epoch()).timestampMs(h.timestampMs())
                .sourceOffsets(h.sources()).sinkEpochs(h.sinkEpochs()).sinkCommitStatuses(h.statuses())
                .tableOffsets(h.tables())
                .operatorStates(t.operators()).tableStoreCheckpointPath(t.tablePath()).watermark(t.watermark())
                .sourceWatermarks(t.sourceWatermarks()).sourceNames(t.sourceNames()).sinkNames(t.sinkNames())
                .pipelineHash(t.pipelineHash()).vnodeCount(t.vnodeCount()).stateChecksum(checksum)
                .build());
    }
}
