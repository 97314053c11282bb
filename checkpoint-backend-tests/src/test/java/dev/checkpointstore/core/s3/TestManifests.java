package dev.checkpointstore.core.s3;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.OperatorCheckpoint;

/** Manifests and state for the S3 tests. */
final class TestManifests {

    static final long BASE_TIME = 1_764_000_000_000L;

    private TestManifests() {
    }

    /** A manifest with one inline operator, distinguishable by writer. */
    static CheckpointManifest inline(long id, String writer) {
        return CheckpointManifest.builder()
                .checkpointId(id)
                .epoch(id)
                .timestampMs(BASE_TIME + id)
                .vnodeCount(256)
                .putSourceOffset("orders", new ConnectorCheckpoint(java.util.Map.of("partition-0", Long.toString(id * 10)), id,
                        java.util.Map.of("writer", writer)))
                .sourceNames(List.of("orders"))
                .putOperatorState("dedup", OperatorCheckpoint.inline(
                        ("dedup " + writer + " " + id).getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** A manifest whose two operators live in a sidecar of {@code a.length + b.length} bytes. */
    static CheckpointManifest external(long id, String writer, int lengthA, int lengthB) {
        return CheckpointManifest.builder()
                .checkpointId(id)
                .epoch(id)
                .timestampMs(BASE_TIME + id)
                .vnodeCount(256)
                .sourceNames(List.of("orders"))
                .putSourceOffset("orders", new ConnectorCheckpoint(java.util.Map.of("partition-0", Long.toString(id)), id,
                        java.util.Map.of("writer", writer)))
                .putOperatorState("window", OperatorCheckpoint.external(0, lengthA))
                .putOperatorState("join", OperatorCheckpoint.external(lengthA, lengthB))
                .build();
    }

    /** Sidecar bytes derived from a seed, as two chunks. */
    static List<ByteBuffer> state(String seed, int lengthA, int lengthB) {
        return List.of(ByteBuffer.wrap(bytes(seed + "/a", lengthA)), ByteBuffer.wrap(bytes(seed + "/b", lengthB)));
    }

    static byte[] bytes(String seed, int length) {
        byte[] data = new byte[length];
        long x = seed.hashCode() * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            data[i] = (byte) x;
        }
        return data;
    }

    static byte[] json(CheckpointManifest manifest) {
        return ManifestCodec.encode(manifest);
    }
}
