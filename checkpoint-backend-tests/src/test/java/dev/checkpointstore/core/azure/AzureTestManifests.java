package dev.checkpointstore.core.azure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.StateChecksum;

/** Manifests and state for the Azure tests. */
final class AzureTestManifests {

    static final long BASE_TIME = 1_764_000_000_000L;

    private AzureTestManifests() {
    }

    /** A manifest with one inline operator, distinguishable by writer. */
    static CheckpointManifest inline(long id, String writer) {
        return CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(BASE_TIME + id).vnodeCount(256)
                .putSourceOffset("orders", new ConnectorCheckpoint(Map.of("partition-0", Long.toString(id * 10)), id,
                        Map.of("writer", writer)))
                .sourceNames(List.of("orders"))
                .putOperatorState("dedup", OperatorCheckpoint.inline(("dedup " + writer + " " + id)
                        .getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** A manifest whose two operators live in a sidecar of {@code lengthA + lengthB} bytes. */
    static CheckpointManifest external(long id, String writer, int lengthA, int lengthB) {
        return CheckpointManifest.builder().checkpointId(id).epoch(id).timestampMs(BASE_TIME + id).vnodeCount(256)
                .sourceNames(List.of("orders"))
                .putSourceOffset("orders", new ConnectorCheckpoint(Map.of("partition-0", Long.toString(id)), id,
                        Map.of("writer", writer)))
                .putOperatorState("window", OperatorCheckpoint.external(0, lengthA))
                .putOperatorState("join", OperatorCheckpoint.external(lengthA, lengthB))
                .build();
    }

    /** Sidecar bytes derived from a seed, as two chunks. */
    static List<ByteBuffer> state(String seed, int lengthA, int lengthB) {
        return List.of(ByteBuffer.wrap(bytes(seed + "/a", lengthA)), ByteBuffer.wrap(bytes(seed + "/b", lengthB)));
    }

    /** The manifest stamped with the checksum of its state, as saveWithState stamps it. */
    static CheckpointManifest stamped(CheckpointManifest manifest, List<ByteBuffer> state) {
        var digest = StateChecksum.sidecarDigest(manifest);
        StateChecksum.update(digest, state);
        return StateChecksum.stamp(manifest, Optional.of(digest));
    }

    static byte[] concat(List<ByteBuffer> chunks) {
        int length = chunks.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer all = ByteBuffer.allocate(length);
        chunks.forEach(chunk -> all.put(chunk.duplicate()));
        return all.array();
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
}
