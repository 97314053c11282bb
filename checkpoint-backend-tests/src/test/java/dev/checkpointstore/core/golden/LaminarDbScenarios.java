package dev.checkpointstore.core.golden;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.SinkCommitStatus;

/**
 * The write scenarios of laminardb-oracle ({@code oracle write DIR SCENARIO}), mirrored one for one
 * through the Java API: the same manifests with the same pinned timestamps, the same sidecar
 * chunks, the same choice of {@code save} or {@code saveWithState}.
 */
final class LaminarDbScenarios {

    static final List<String> NAMES = List.of("inline", "external", "mixed", "unicode", "bigids", "sinks", "empty",
            "inline_sidecar", "legacy", "order", "walk");

    private static final List<String> UNICODE_NAMES = List.of("Zeta", "alpha", "\u00c4rger", "\u00df", "\u65e5\u672c",
            "\u00e9moji\ud83d\ude00", "a", "B", "_", "~", "\ue000priv", "\uff21", "\ud83d\ude00", "\ufffd", "tab\tname",
            "quote\"name", "back\\slash", "ctl\u0001", "del\u007f", "slash/name", "");

    private LaminarDbScenarios() {
    }

    /** One save of a scenario: a manifest, its sidecar chunks (or null), and whether it is a plain save. */
    private record Save(CheckpointManifest manifest, @Nullable List<byte[]> sidecar, boolean plain) {

        static Save withState(CheckpointManifest.Builder manifest, byte[]... chunks) {
            return new Save(manifest.build(), List.of(chunks), false);
        }

        static Save noState(CheckpointManifest.Builder manifest) {
            return new Save(manifest.build(), null, false);
        }
    }

    static void write(CheckpointStore store, String scenario) {
        for (Save save : saves(scenario)) {
            if (save.plain()) {
                store.save(save.manifest());
            }
            else {
                List<ByteBuffer> chunks = null;
                if (save.sidecar() != null) {
                    chunks = new ArrayList<>();
                    for (byte[] chunk : save.sidecar()) {
                        chunks.add(ByteBuffer.wrap(chunk));
                    }
                }
                store.saveWithState(save.manifest(), chunks);
            }
        }
    }

    private static List<Save> saves(String scenario) {
        return switch (scenario) {
            case "inline" -> List.of(Save.noState(base(1, 1)
                    .putOperatorState("agg", inline("agg-state-1"))
                    .putOperatorState("join", OperatorCheckpoint.inline(pattern(40, 7)))
                    .putOperatorState("window", inline(""))
                    .putOperatorState("nullstate", new OperatorCheckpoint(null, false, 0, 0))
                    .putSourceOffset("kafka-clicks", conn(1, Map.of("partition-0", "1234", "partition-1", "5678"), Map.of()))
                    .putTableOffset("instruments", conn(1, Map.of("lsn", "0/ABCD"),
                            Map.of("connector", "postgres-cdc", "table", "public.instruments")))
                    .putSinkEpoch("pg-sink", 1)
                    .putSinkCommitStatus("pg-sink", SinkCommitStatus.COMMITTED)
                    .tableStoreCheckpointPath("/var/lib/laminar/tables/cp-1")
                    .watermark(999_000L)
                    .putSourceWatermark("kafka-clicks", 998_000)
                    .sourceNames(List.of("kafka-clicks"))
                    .sinkNames(List.of("pg-sink"))
                    .pipelineHash(0xDEAD_BEEF_CAFE_1234L)));
            case "external" -> List.of(Save.withState(base(2, 2)
                    .putOperatorState("big-a", OperatorCheckpoint.external(0, 300))
                    .putOperatorState("big-b", OperatorCheckpoint.external(300, 700)), pattern(300, 1), pattern(700, 2)));
            case "mixed" -> List.of(Save.withState(base(3, 3)
                    .putOperatorState("small", inline("tiny"))
                    .putOperatorState("large", OperatorCheckpoint.external(0, 5000))
                    .putOperatorState("med", OperatorCheckpoint.inline(pattern(100, 3)))
                    .putOperatorState("large2", OperatorCheckpoint.external(5000, 123)), pattern(5000, 4), pattern(123, 5)));
            case "unicode" -> unicode();
            case "bigids" -> bigIds();
            case "sinks" -> sinks();
            case "empty" -> List.of(Save.noState(base(1, 1)), Save.withState(base(2, 2), pattern(64, 9)),
                    Save.withState(base(3, 3).putOperatorState("zero", OperatorCheckpoint.external(0, 0))));
            case "inline_sidecar" -> List.of(Save.withState(base(1, 1)
                    .putOperatorState("a", inline("inline-a"))
                    .putOperatorState("b", inline("inline-b")), pattern(50, 1)));
            case "legacy" -> List.of(
                    Save.noState(base(1, 1).putOperatorState("x", OperatorCheckpoint.external(0, 10))),
                    Save.noState(base(2, 2).putOperatorState("x", inline("x")).stateChecksum("caller-set")),
                    Save.noState(base(3, 3).putOperatorState("x", inline("x"))
                            .putOperatorState("y", OperatorCheckpoint.external(0, 4))),
                    new Save(base(4, 4).putOperatorState("x", inline("plain-save")).build(), null, true));
            case "order" -> List.of(Save.noState(base(1_000_000, 2).putOperatorState("op", inline("newer"))),
                    Save.noState(base(999_999, 1).putOperatorState("op", inline("older"))));
            case "walk" -> walk();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    private static List<Save> unicode() {
        CheckpointManifest.Builder first = base(1, 1);
        CheckpointManifest.Builder second = base(2, 2);
        for (String name : UNICODE_NAMES) {
            first.putOperatorState(name, inline(name));
            second.putOperatorState(name, inline(name));
        }
        Map<String, String> offsets = new LinkedHashMap<>();
        offsets.put("p\u00e4rtition-0", "1");
        offsets.put("Partition-1", "2");
        offsets.put("\ud83d\ude00", "3");
        offsets.put("\uff21", "4");
        first.putSourceOffset("s\u00f6rce-\u00fc", conn(1, offsets, Map.of("\u043a\u043b\u044e\u0447",
                "\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435")));
        first.sourceNames(List.of("s\u00f6rce-\u00fc"));
        second.putOperatorState("\ud83d\ude00", OperatorCheckpoint.external(0, 10));
        second.putOperatorState("\uff21", OperatorCheckpoint.external(10, 5));
        return List.of(Save.noState(first), Save.withState(second, pattern(10, 6), pattern(5, 7)));
    }

    private static List<Save> bigIds() {
        long u64Max = -1L;
        long twoTo63 = Long.MIN_VALUE;
        CheckpointManifest.Builder a = base(999_999, 1).pipelineHash(0L).putOperatorState("op", inline("999999"));
        CheckpointManifest.Builder b = base(1_000_000, u64Max).pipelineHash(u64Max)
                .putSinkEpoch("s", u64Max).putSinkCommitStatus("s", SinkCommitStatus.PENDING)
                .watermark(Long.MIN_VALUE)
                .putSourceWatermark("a", Long.MAX_VALUE).putSourceWatermark("b", -1).putSourceWatermark("c", 0)
                .putSourceOffset("a", conn(u64Max, Map.of("o", "18446744073709551615"), Map.of()))
                .putOperatorState("op", OperatorCheckpoint.external(0, 8));
        CheckpointManifest.Builder c = base(1_234_567, twoTo63).timestampMs(u64Max).pipelineHash(twoTo63)
                .vnodeCount(0xFFFF).putOperatorState("ext", OperatorCheckpoint.external(u64Max - 5, 5));
        return List.of(Save.noState(a), Save.withState(b, pattern(8, 8)), Save.noState(c));
    }

    private static List<Save> sinks() {
        CheckpointManifest.Builder m = base(1, 5)
                .putSinkEpoch("pending-sink", 5).putSinkEpoch("committed-sink", 5)
                .putSinkEpoch("failed-sink", 4).putSinkEpoch("orphan-sink", 3)
                .putSinkCommitStatus("pending-sink", SinkCommitStatus.PENDING)
                .putSinkCommitStatus("committed-sink", SinkCommitStatus.COMMITTED)
                .putSinkCommitStatus("failed-sink", SinkCommitStatus.failed("disk full: \"quota\"\n \u00fc \u2713 \u0000"))
                .putSourceOffset("src-a", conn(5, Map.of("p", "1"), Map.of()))
                .putSourceOffset("src-x", conn(5, Map.of("p", "2"), Map.of()))
                .sourceNames(List.of("src-a", "src-b"))
                .sinkNames(List.of("committed-sink", "failed-sink", "pending-sink"))
                .vnodeCount(128);
        CheckpointManifest.Builder z = base(2, 6).version(0).timestampMs(0).vnodeCount(0);
        return List.of(Save.noState(m), Save.noState(z), Save.noState(base(3, 0)));
    }

    private static List<Save> walk() {
        List<Save> saves = new ArrayList<>();
        saves.add(Save.noState(base(1, 1).putOperatorState("agg", inline("walk-1"))));
        for (int id = 2; id <= 5; id++) {
            int length = 100 * id;
            CheckpointManifest.Builder m = base(id, id).putOperatorState("big", OperatorCheckpoint.external(0, length));
            if (id % 2 == 1) {
                m.putOperatorState("agg", inline("walk-" + id));
            }
            m.putSourceOffset("src", conn(id, Map.of("p0", Integer.toString(id)), Map.of()));
            m.sourceNames(List.of("src"));
            saves.add(Save.withState(m, pattern(length, id)));
        }
        return saves;
    }

    /** A manifest as {@code CheckpointManifest::new} makes it, with a fixed creation time. */
    private static CheckpointManifest.Builder base(long id, long epoch) {
        return CheckpointManifest.builder().checkpointId(id).epoch(epoch).timestampMs(1_700_000_000_000L + id)
                .vnodeCount(CheckpointStore.DEFAULT_VNODE_COUNT);
    }

    private static OperatorCheckpoint inline(String text) {
        return OperatorCheckpoint.inline(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ConnectorCheckpoint conn(long epoch, Map<String, String> offsets, Map<String, String> metadata) {
        return new ConnectorCheckpoint(offsets, epoch, metadata);
    }

    /** Deterministic bytes: {@code (i * 31 + seed) mod 256}. */
    static byte[] pattern(int n, int seed) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
