package dev.checkpointstore.core.s3;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.ValidationResult;

import software.amazon.awssdk.services.s3.S3Client;

import dev.checkpointstore.test.s3.S3MockServer;

/**
 * Saves and validates a large sidecar in a JVM of its own, started by {@link S3LargeSidecarTest}
 * with a small heap: the sidecar is many views of a few 1 MiB blocks, so it is never in memory
 * as a whole, and neither upload nor validation may buffer it: the parts go up and come back
 * {@link S3CheckpointStore#DEFAULT_TRANSFER_CONCURRENCY} at a time, so the validation's read holds
 * that many parts of {@link S3CheckpointStore#DEFAULT_PART_SIZE} at once. Prints what it found,
 * with the parts uploaded and the GETs of the validation, and exits 0
 * when the checkpoint validates, its stamped checksum is the SHA-256 of the intended bytes and
 * the last operator's slice reads back.
 *
 * <p>Arguments: endpoint, bucket, prefix, checkpoint id, size in MiB.
 */
public final class LargeSidecarCheck {

    static final int BLOCK = 1024 * 1024;
    static final int BLOCKS = 7;
    static final int TAIL = 4096;

    private LargeSidecarCheck() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        String prefix = args[2];
        long id = Long.parseLong(args[3]);
        int mib = Integer.parseInt(args[4]);
        long size = (long) mib * BLOCK;
        List<ByteBuffer> chunks = chunks(mib);
        CheckpointManifest manifest = CheckpointManifest.builder().checkpointId(id).epoch(id)
                .timestampMs(TestManifests.BASE_TIME).vnodeCount(256)
                .putOperatorState("bulk", OperatorCheckpoint.external(0, size - TAIL))
                .putOperatorState("tail", OperatorCheckpoint.external(size - TAIL, TAIL))
                .build();
        RequestCounter requests = new RequestCounter();
        try (S3Client client = S3MockServer.clientBuilder(endpoint, requests)
                .httpClientBuilder(S3MockServer.httpClient(java.time.Duration.ofMinutes(2))).build()) {
            S3CheckpointStore store = S3CheckpointStore.builder(client, bucket).prefix(prefix).build();
            long start = System.nanoTime();
            requests.reset();
            store.saveWithState(manifest, chunks);
            int uploadParts = requests.count("UploadPart");
            long saved = System.nanoTime();
            requests.reset();
            ValidationResult result = store.validateCheckpoint(id);
            int validationGets = requests.count("GetObject");
            long validated = System.nanoTime();
            String stamped = store.loadById(id).orElseThrow().stateChecksum().orElse("none");
            String expected = sha256(chunks(mib));
            byte[] tail = store.loadOperatorState(id, "tail").orElseThrow();
            boolean tailOk = Arrays.equals(tail, expectedTail(mib));
            System.out.println("saved " + mib + " MiB in " + (saved - start) / 1_000_000 + " ms, validated in "
                    + (validated - saved) / 1_000_000 + " ms, max heap " + Runtime.getRuntime().maxMemory() / BLOCK
                    + " MiB, peak heap used " + peakHeapMib() + " MiB");
            System.out.println("concurrency=" + store.transferConcurrency() + " partSize=" + store.partSize()
                    + " uploadParts=" + uploadParts + " validationGets=" + validationGets);
            System.out.println("valid=" + result.valid() + " issues=" + result.issues());
            System.out.println("stamped=" + stamped + " expected=" + expected + " tail=" + tailOk);
            System.exit(result.valid() && stamped.equals(expected) && tailOk ? 0 : 1);
        }
    }

    /** The sidecar: {@code mib} views of {@link #BLOCKS} distinct blocks, in a cycle that no part boundary aligns with. */
    static List<ByteBuffer> chunks(int mib) {
        ByteBuffer[] blocks = new ByteBuffer[BLOCKS];
        for (int b = 0; b < BLOCKS; b++) {
            blocks[b] = ByteBuffer.wrap(TestManifests.bytes("block" + b, BLOCK)).asReadOnlyBuffer();
        }
        List<ByteBuffer> chunks = new ArrayList<>(mib);
        for (int i = 0; i < mib; i++) {
            chunks.add(blocks[i % BLOCKS].duplicate());
        }
        return chunks;
    }

    static byte[] expectedTail(int mib) {
        byte[] last = TestManifests.bytes("block" + ((mib - 1) % BLOCKS), BLOCK);
        return Arrays.copyOfRange(last, BLOCK - TAIL, BLOCK);
    }

    private static String sha256(List<ByteBuffer> chunks) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (ByteBuffer chunk : chunks) {
            digest.update(chunk);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long peakHeapMib() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / BLOCK;
    }
}
