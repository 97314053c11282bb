package dev.checkpointstore.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.CheckpointStore;
import dev.checkpointstore.core.ManifestCodec;
import dev.checkpointstore.core.RecoveryReport;
import dev.checkpointstore.core.StateChecksum;
import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.test.s3.S3MockServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Benchmark 5: the S3 store against S3Mock, each operation next to the least a hand-written
 * client must send for the same effect ({@code save}: PUT manifest with {@code If-None-Match},
 * PUT pointer; {@code saveWithState}: PUT sidecar first; {@code loadLatest}: GET pointer, GET
 * manifest; {@code recoverLatestValidated}: LIST, GET manifest, GET sidecar through SHA-256).
 * {@code store_recoverPastCorrupt} recovers past {@value #CORRUPT_NEWEST} newest checkpoints whose
 * manifests are corrupt and loads the chosen manifest, as a restart does (issue 14's budget: 1 LIST
 * page + N + 3 GETs).
 * Every HTTP request is counted by an SDK {@code ExecutionInterceptor}; the secondary results
 * {@code s3Requests} and {@code s3Calls} give requests per operation, judged against the budgets
 * of the S3 backend's issue ({@link S3RequestBudgets}).
 *
 * <p>S3Mock runs on loopback, so times measure the client and the store's protocol, not a
 * network. The server is the one at {@value #ENDPOINT_PROPERTY} when set (the quick profile
 * starts one for all forks), else each fork starts its own from
 * {@code target/s3mock/s3mock-exec.jar}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class S3Benchmark {

    /** System property naming a running S3Mock endpoint, {@code http://127.0.0.1:port}. */
    public static final String ENDPOINT_PROPERTY = "checkpoint.bench.s3.endpoint";

    private static final String PREFIX = "nodes/bench/";

    /** How many of the newest checkpoints {@code store_recoverPastCorrupt} finds corrupt. */
    public static final int CORRUPT_NEWEST = 3;

    private static final String CORRUPT_PREFIX = "nodes/corrupt/";

    /** Sources x operators of the realistic manifest. */
    @Param("10x10")
    public String shape;

    /** Sidecar size of {@code saveWithState}, below the multipart threshold. */
    @Param("1MiB")
    public String stateSize;

    private S3MockServer server;
    private S3Client client;
    private RequestCounter counter;
    private CheckpointStore store;
    private CheckpointStore corruptStore;
    private String bucket;
    private RealisticManifests manifests;
    private List<ByteBuffer> state;
    private byte[] stateBytes;
    private byte[] manifestJson;
    private byte[] manifestWithStateJson;
    private long storeId;
    private long baselineId;

    /** Requests and operations of one iteration, reported next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Requests {

        /** HTTP requests sent during the measured operations. */
        public long s3Requests;

        /** Operations measured. */
        public long s3Calls;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            s3Requests = 0;
            s3Calls = 0;
        }
    }

    /** Connects to S3Mock, creates a bucket and saves checkpoint 1 with its sidecar. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String configured = System.getProperty(ENDPOINT_PROPERTY);
        URI endpoint;
        if (configured != null) {
            endpoint = URI.create(configured);
        }
        else {
            if (System.getProperty("s3mock.jar") == null) {
                System.setProperty("s3mock.jar", BenchDirs.targetDir().resolve("s3mock/s3mock-exec.jar").toString());
            }
            server = S3MockServer.start();
            endpoint = server.endpoint();
        }
        counter = new RequestCounter();
        client = S3MockServer.clientBuilder(endpoint, counter).build();
        bucket = "bench-" + Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT);
        client.createBucket(r -> r.bucket(bucket));
        store = S3CheckpointStore.builder(client, bucket).prefix(PREFIX).build();

        manifests = RealisticManifests.parse(shape);
        state = StateData.heapChunks(StateData.parseSize(stateSize), 8, XorShift64.DEFAULT_SEED);
        stateBytes = concat(state);
        CheckpointManifest first = manifests.manifestWithSidecar(1, state);
        store.saveWithState(first, state);
        storeId = 1;
        baselineId = 1_000_000;
        manifestJson = ManifestCodec.encode(manifests.manifest(2));
        MessageDigest digest = StateChecksum.sidecarDigest(first);
        StateChecksum.update(digest, state);
        manifestWithStateJson = ManifestCodec.encode(StateChecksum.stamp(first, java.util.Optional.of(digest)));
        corruptStore = S3CheckpointStore.builder(client, bucket).prefix(CORRUPT_PREFIX).build();
        for (long id = 1; id <= 1 + CORRUPT_NEWEST; id++) {
            corruptStore.saveWithState(manifests.manifestWithSidecar(id, state), state);
        }
        for (long id = 2; id <= 1 + CORRUPT_NEWEST; id++) {
            String key = CORRUPT_PREFIX + String.format(Locale.ROOT, "manifests/manifest-%06d.json", id);
            client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("{\"checkpoint_id\": "));
        }
    }

    /** Closes the client and stops the server this fork started. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /**
     * The store's save of the next checkpoint.
     * @param requests the counters
     */
    @Benchmark
    public void store_save(Requests requests) {
        long before = counter.requests();
        store.save(manifests.manifest(++storeId));
        count(requests, before);
    }

    /**
     * The same manifest bytes by hand: conditional PUT of the manifest, PUT of the pointer.
     * @param requests the counters
     */
    @Benchmark
    public void baseline_save(Requests requests) {
        long before = counter.requests();
        long id = ++baselineId;
        putManifestAndPointer(id, manifestJson);
        count(requests, before);
    }

    /**
     * The store's save of sidecar, checksum, manifest and pointer.
     * @param requests the counters
     */
    @Benchmark
    public void store_saveWithState(Requests requests) {
        long before = counter.requests();
        long id = ++storeId;
        store.saveWithState(manifests.manifestWithSidecar(id, state), state);
        count(requests, before);
    }

    /**
     * The same bytes by hand: PUT sidecar, conditional PUT manifest, PUT pointer.
     * @param requests the counters
     */
    @Benchmark
    public void baseline_saveWithState(Requests requests) {
        long before = counter.requests();
        long id = ++baselineId;
        client.putObject(r -> r.bucket(bucket).key(stateKey(id)),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(stateBytes), stateBytes.length,
                        "application/octet-stream"));
        putManifestAndPointer(id, manifestWithStateJson);
        count(requests, before);
    }

    /**
     * The store's load of the latest manifest.
     * @param requests the counters
     * @return the manifest
     */
    @Benchmark
    public CheckpointManifest store_loadLatest(Requests requests) {
        long before = counter.requests();
        CheckpointManifest manifest = store.loadLatest().orElseThrow();
        count(requests, before);
        return manifest;
    }

    /**
     * By hand: GET the pointer, GET the manifest it names (unparsed).
     * @param requests the counters
     * @return the manifest's bytes
     */
    @Benchmark
    public byte[] baseline_loadLatest(Requests requests) {
        long before = counter.requests();
        String pointer = client.getObjectAsBytes(r -> r.bucket(bucket).key(PREFIX + "manifests/latest.json"))
                .asString(StandardCharsets.UTF_8);
        long id = Long.parseLong(pointer.replaceAll("[^0-9]", ""));
        byte[] manifest = client.getObjectAsBytes(r -> r.bucket(bucket).key(manifestKey(id))).asByteArray();
        count(requests, before);
        return manifest;
    }

    /**
     * The store's validated recovery; fails loudly unless it chose the newest checkpoint.
     * @param requests the counters
     * @return the report
     */
    @Benchmark
    public RecoveryReport store_recoverLatestValidated(Requests requests) {
        long before = counter.requests();
        RecoveryReport report = store.recoverLatestValidated();
        count(requests, before);
        if (!report.skipped().isEmpty() || report.chosenId().isEmpty()) {
            throw new IllegalStateException("recovery did not choose the newest checkpoint: " + report);
        }
        return report;
    }

    /**
     * The store's recovery past {@value #CORRUPT_NEWEST} corrupt newest manifests, and the load of
     * the manifest it chose, as a restart makes them; fails loudly unless it chose the valid one.
     * @param requests the counters
     * @return the chosen manifest
     */
    @Benchmark
    public CheckpointManifest store_recoverPastCorrupt(Requests requests) {
        long before = counter.requests();
        RecoveryReport report = corruptStore.recoverLatestValidated();
        CheckpointManifest chosen = corruptStore.loadById(report.chosenId().orElseThrow()).orElseThrow();
        count(requests, before);
        if (report.skipped().size() != CORRUPT_NEWEST || chosen.checkpointId() != 1) {
            throw new IllegalStateException("recovery did not skip exactly the corrupt checkpoints: " + report);
        }
        return chosen;
    }

    /**
     * By hand: LIST the manifests, GET the newest, GET its sidecar through SHA-256.
     * @param requests the counters
     * @param bh sink for the results
     */
    @Benchmark
    public void baseline_recoverLatestValidated(Requests requests, Blackhole bh) throws IOException {
        long before = counter.requests();
        ListObjectsV2Response listing = client.listObjectsV2(r -> r.bucket(bucket).prefix(PREFIX + "manifests/manifest-"));
        String newest = listing.contents().get(listing.contents().size() - 1).key();
        long id = Long.parseLong(newest.substring(newest.lastIndexOf('-') + 1, newest.length() - ".json".length()));
        bh.consume(client.getObjectAsBytes(r -> r.bucket(bucket).key(newest)).asByteArray());
        MessageDigest digest = RawIo.sha256();
        try (InputStream in = client.getObject(r -> r.bucket(bucket).key(stateKey(id)), ResponseTransformer.toInputStream())) {
            byte[] buffer = new byte[RawIo.READ_BUFFER_BYTES];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
        }
        bh.consume(digest.digest());
        count(requests, before);
    }

    private void putManifestAndPointer(long id, byte[] json) {
        client.putObject(r -> r.bucket(bucket).key(manifestKey(id)).ifNoneMatch("*"), RequestBody.fromBytes(json));
        client.putObject(r -> r.bucket(bucket).key(PREFIX + "manifests/latest.json"),
                RequestBody.fromString("{\"checkpoint_id\":" + id + "}", StandardCharsets.UTF_8));
    }

    private void count(Requests requests, long before) {
        requests.s3Requests += counter.requests() - before;
        requests.s3Calls++;
    }

    private static String manifestKey(long id) {
        return PREFIX + String.format(Locale.ROOT, "manifests/manifest-%06d.json", id);
    }

    private static String stateKey(long id) {
        return PREFIX + String.format(Locale.ROOT, "checkpoints/state-%06d.bin", id);
    }

    private static byte[] concat(List<ByteBuffer> chunks) {
        int total = 0;
        for (ByteBuffer chunk : chunks) {
            total += chunk.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer chunk : chunks) {
            all.put(chunk.duplicate());
        }
        return all.array();
    }
}
