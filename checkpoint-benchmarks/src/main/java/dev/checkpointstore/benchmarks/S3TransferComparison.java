package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.s3.S3CheckpointStore;
import dev.checkpointstore.test.s3.S3MockServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The S3 transfer comparison of issue 14, outside JMH: S3Mock behind a {@link ThrottlingProxy}
 * (16 MiB/s per connection each way, 20 ms to a response's first byte, by default), and through
 * it, side by side in one JVM, the store's {@code saveWithState} and {@code loadStateData} of one
 * sidecar against the AWS SDK's {@code S3TransferManager} (a multipart-enabled
 * {@code S3AsyncClient} with its defaults) moving the same bytes, and against one plain GET
 * stream. Each round runs every operation once, the order reversed from one round to the next;
 * the figures are medians over the rounds, and the ratios are of medians.
 *
 * <p>The transfer manager downloads with part-number GETs ({@code partNumber=1}, then the others
 * in parallel when the first response names more parts). S3Mock answers a part-number GET with
 * the whole object and no part count, so that download is one stream here; it is reported as it
 * is, with the GETs and connections it used. The transfer manager's ranged download
 * ({@code downloadWithPresignedUrl}: ranged GETs of its part size, in parallel) is the
 * download the targets compare against, since it moves the same bytes the way the transfer
 * manager does against S3.
 *
 * <p>Usage: {@code S3TransferComparison [--size 256MiB] [--rounds 3] [--rate-mib 16] [--delay-ms 20]
 * [--concurrency N] [--out file.md]}. Prints a table with throughputs, the ratios and met/missed per
 * target, and writes it to {@code target/s3-transfer-summary.md} (or {@code --out}).
 */
public final class S3TransferComparison {

    private static final String PREFIX = "transfer/";
    private static final long MIB = 1024 * 1024;

    private S3TransferComparison() {
    }

    /** The settings of one run. */
    record Settings(long size, int rounds, long rateMib, long delayMs, int concurrency, Path out) {

        static Settings parse(String[] args) {
            long size = 256 * MIB;
            int rounds = 3;
            long rate = 16;
            long delay = 20;
            int concurrency = S3CheckpointStore.DEFAULT_TRANSFER_CONCURRENCY;
            Path out = BenchDirs.targetDir().resolve("s3-transfer-summary.md");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--size" -> size = StateData.parseSize(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--rate-mib" -> rate = Long.parseLong(args[++i]);
                    case "--delay-ms" -> delay = Long.parseLong(args[++i]);
                    case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; expected --size 256MiB,"
                            + " --rounds N, --rate-mib N, --delay-ms N, --concurrency N or --out file");
                }
            }
            if (rounds < 1 || size < MIB) {
                throw new IllegalArgumentException("--rounds must be at least 1 and --size at least 1MiB");
            }
            return new Settings(size, rounds, rate, delay, concurrency, out);
        }
    }

    /** One operation's times and what it sent. */
    private static final class Op {

        final String name;
        final List<Long> nanos = new ArrayList<>();
        String requests = "";
        String connections = "";

        Op(String name) {
            this.name = name;
        }

        double medianSeconds() {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
            return median / 1e9;
        }
    }

    /** Counts requests by operation, and GETs carrying a Range or a partNumber. */
    private static final class Requests implements ExecutionInterceptor {

        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if ("GetObject".equals(operation)) {
                if (context.httpRequest().firstMatchingRawQueryParameter("partNumber").isPresent()) {
                    operation = "GetObject(partNumber)";
                }
                else if (context.httpRequest().firstMatchingHeader("Range").isPresent()) {
                    operation = "GetObject(Range)";
                }
            }
            counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        }

        String takeSummary() {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(counts).forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ")
                    .append(v.get()).append(' ').append(k));
            counts.clear();
            return text.toString();
        }
    }

    /**
     * Runs the comparison.
     * @param args see the class comment
     * @throws Exception when an operation fails or a download returns other bytes
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        if (System.getProperty("s3mock.jar") == null) {
            System.setProperty("s3mock.jar", BenchDirs.targetDir().resolve("s3mock/s3mock-exec.jar").toString());
        }
        String loadBefore = MachineInfo.currentLoadAverage();
        long started = System.nanoTime();
        try (S3MockServer server = S3MockServer.start();
                ThrottlingProxy proxy = new ThrottlingProxy(server.endpoint(), settings.rateMib() * MIB,
                        settings.delayMs())) {
            String report = run(settings, server, proxy);
            String loadAfter = MachineInfo.currentLoadAverage();
            String header = String.format(Locale.ROOT, "S3 transfer comparison: %d MiB through %d MiB/s and %d ms per"
                    + " connection, %d rounds, store concurrency %d; load average %s before, %s after; %d s%n%n",
                    settings.size() / MIB, settings.rateMib(), settings.delayMs(), settings.rounds(),
                    settings.concurrency(), loadBefore, loadAfter, (System.nanoTime() - started) / 1_000_000_000L);
            System.out.println();
            System.out.print(header + report);
            Files.createDirectories(settings.out().toAbsolutePath().getParent());
            Files.writeString(settings.out(), header + report);
        }
    }

    private static String run(Settings settings, S3MockServer server, ThrottlingProxy proxy) throws Exception {
        URI endpoint = proxy.endpoint();
        String bucket = server.newBucket("transfer");
        Requests storeRequests = new Requests();
        Requests tmRequests = new Requests();
        List<ByteBuffer> chunks = StateData.heapChunks(settings.size(), 8, XorShift64.DEFAULT_SEED);
        byte[] bytes = concat(chunks);
        RealisticManifests manifests = RealisticManifests.parse("2x2");
        try (S3Client client = S3MockServer.clientBuilder(endpoint, storeRequests)
                .httpClientBuilder(S3MockServer.httpClient(Duration.ofMinutes(2))).build();
                S3AsyncClient async = S3AsyncClient.builder().multipartEnabled(true).endpointOverride(endpoint)
                        .forcePathStyle(true).region(S3MockServer.REGION)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key",
                                "test-secret")))
                        .httpClientBuilder(NettyNioAsyncHttpClient.builder().readTimeout(Duration.ofMinutes(2)))
                        .overrideConfiguration(o -> o.addExecutionInterceptor(tmRequests)).build();
                S3TransferManager tm = S3TransferManager.builder().s3Client(async).build();
                S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(S3MockServer.REGION)
                        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key",
                                "test-secret"))).build()) {
            long threshold = Math.min(S3CheckpointStore.DEFAULT_MULTIPART_THRESHOLD, settings.size() / 2);
            S3CheckpointStore store = S3CheckpointStore.builder(client, bucket).prefix(PREFIX)
                    .multipartThreshold(threshold).transferConcurrency(settings.concurrency()).build();
            String tmKey = "tm/object.bin";
            String storeKey = PREFIX + "checkpoints/state-000001.bin";
            long[] nextId = {1};
            Path files = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                    : BenchDirs.targetDir(), "s3-transfer-");
            Path source = files.resolve("source.bin");
            Path sink = files.resolve("downloaded.bin");
            Files.write(source, bytes);

            Op storeUpload = new Op("store saveWithState");
            Op tmUpload = new Op("TransferManager upload (bytes in memory)");
            Op tmUploadFile = new Op("TransferManager uploadFile (tmpfs file)");
            Op storeDownload = new Op("store loadStateData");
            Op tmRanged = new Op("TransferManager downloadFileWithPresignedUrl (ranged GETs, tmpfs file)");
            Op tmPartNumber = new Op("TransferManager downloadFile (part-number GETs, tmpfs file)");
            Op oneStream = new Op("one GET stream");
            long carryAtLeast = Math.min(MIB, settings.size() / 16);

            Runnable[] steps = {
                () -> time(storeUpload, proxy, carryAtLeast, storeRequests, () -> {
                    long id = nextId[0]++;
                    CheckpointManifest manifest = manifests.manifestWithSidecar(id, chunks);
                    store.saveWithState(manifest, chunks);
                }),
                () -> time(tmUpload, proxy, carryAtLeast, tmRequests, () -> tm.upload(u -> u
                        .putObjectRequest(p -> p.bucket(bucket).key(tmKey))
                        .requestBody(AsyncRequestBody.fromBytes(bytes))).completionFuture().join()),
                () -> time(tmUploadFile, proxy, carryAtLeast, tmRequests, () -> tm.uploadFile(u -> u
                        .putObjectRequest(p -> p.bucket(bucket).key(tmKey)).source(source)).completionFuture().join()),
                () -> time(storeDownload, proxy, carryAtLeast, storeRequests, () -> check(bytes,
                        store.loadStateData(nextId[0] - 1).orElseThrow(), storeDownload.name)),
                () -> {
                    URL url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofHours(1))
                            .getObjectRequest(g -> g.bucket(bucket).key(tmKey))).url();
                    delete(sink);
                    time(tmRanged, proxy, carryAtLeast, tmRequests, () -> tm.downloadFileWithPresignedUrl(d -> d
                            .presignedUrlDownloadRequest(r -> r.presignedUrl(url)).destination(sink))
                            .completionFuture().join());
                    check(bytes, read(sink), tmRanged.name);
                },
                () -> {
                    delete(sink);
                    time(tmPartNumber, proxy, carryAtLeast, tmRequests, () -> tm.downloadFile(d -> d
                            .getObjectRequest(g -> g.bucket(bucket).key(tmKey)).destination(sink))
                            .completionFuture().join());
                    check(bytes, read(sink), tmPartNumber.name);
                },
                () -> time(oneStream, proxy, carryAtLeast, storeRequests, () -> {
                    try (InputStream in = client.getObject(g -> g.bucket(bucket).key(storeKey))) {
                        check(bytes, in.readAllBytes(), oneStream.name);
                    }
                    catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }),
            };
            try {
                // the first save and upload put the objects the downloads read
                steps[0].run();
                steps[1].run();
                storeUpload.nanos.clear();
                tmUpload.nanos.clear();
                for (int round = 0; round < settings.rounds(); round++) {
                    List<Runnable> order = new ArrayList<>(Arrays.asList(steps));
                    if (round % 2 == 1) {
                        Collections.reverse(order);
                    }
                    for (Runnable step : order) {
                        step.run();
                    }
                    System.out.printf(Locale.ROOT, "round %d done, load average %s%n", round + 1,
                            MachineInfo.currentLoadAverage());
                }
            }
            finally {
                delete(source);
                delete(sink);
                delete(files);
            }
            String note = threshold < S3CheckpointStore.DEFAULT_MULTIPART_THRESHOLD
                    ? String.format(Locale.ROOT, "(store multipart threshold lowered to %d MiB for this size)%n%n",
                            threshold / MIB) : "";
            return note + table(settings, storeUpload, List.of(tmUpload, tmUploadFile), storeDownload,
                    List.of(tmRanged, tmPartNumber), oneStream);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void time(Op op, ThrottlingProxy proxy, long carryAtLeast, Requests requests, Runnable body) {
        requests.takeSummary();
        proxy.resetCounts(carryAtLeast);
        long start = System.nanoTime();
        body.run();
        op.nanos.add(System.nanoTime() - start);
        ThrottlingProxy.Counts counts = proxy.counts();
        op.requests = requests.takeSummary();
        op.connections = counts.carried() + " carried data, at most " + counts.peakBusy() + " at once ("
                + counts.opened() + " opened)";
        System.out.printf(Locale.ROOT, "  %-60s %8.2f s  %s; connections: %s%n", op.name,
                op.nanos.get(op.nanos.size() - 1) / 1e9, op.requests, op.connections);
    }

    private static void check(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + " returned other bytes than were uploaded");
        }
    }

    private static String table(Settings settings, Op storeUpload, List<Op> tmUploads, Op storeDownload,
            List<Op> tmDownloads, Op oneStream) {
        StringBuilder text = new StringBuilder();
        text.append("| operation | median | throughput | requests (last round) | connections (last round) |\n");
        text.append("| --- | --- | --- | --- | --- |\n");
        List<Op> all = new ArrayList<>();
        all.add(storeUpload);
        all.addAll(tmUploads);
        all.add(storeDownload);
        all.addAll(tmDownloads);
        all.add(oneStream);
        for (Op op : all) {
            text.append(String.format(Locale.ROOT, "| %s | %.2f s | %.1f MiB/s | %s | %s |%n", op.name,
                    op.medianSeconds(), rate(settings, op), op.requests, op.connections));
        }
        Op bestUpload = fastest(tmUploads);
        Op bestDownload = fastest(tmDownloads);
        text.append("\n| target | ratio | |\n| --- | --- | --- |\n");
        text.append(target("upload: store / fastest TransferManager upload (" + bestUpload.name + ") >= 0.9",
                rate(settings, storeUpload) / rate(settings, bestUpload), 0.9));
        text.append(target("download: store / fastest TransferManager download (" + bestDownload.name + ") >= 0.9",
                rate(settings, storeDownload) / rate(settings, bestDownload), 0.9));
        text.append(target("download: store / one GET stream >= 3",
                rate(settings, storeDownload) / rate(settings, oneStream), 3.0));
        return text.toString();
    }

    private static double rate(Settings settings, Op op) {
        return settings.size() / (double) MIB / op.medianSeconds();
    }

    private static Op fastest(List<Op> ops) {
        Op best = ops.get(0);
        for (Op op : ops) {
            if (op.medianSeconds() < best.medianSeconds()) {
                best = op;
            }
        }
        return best;
    }

    private static String target(String name, double ratio, double least) {
        return String.format(Locale.ROOT, "| %s | %.2f | %s |%n", name, ratio, ratio >= least ? "met" : "**missed**");
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
