package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import dev.checkpointstore.core.CheckpointManifest;
import dev.checkpointstore.core.ConnectorCheckpoint;
import dev.checkpointstore.core.OperatorCheckpoint;
import dev.checkpointstore.core.azure.AzureBlobCheckpointStore;
import dev.checkpointstore.test.azure.AzuriteServer;

import reactor.core.publisher.Mono;

/**
 * The Azure Blob store's requests per operation in the steady state of one writer, counted by an
 * HTTP pipeline policy on the client while each operation runs against Azurite: {@code save},
 * {@code saveWithState} (1 MiB, a single Put Blob), {@code loadLatest},
 * {@code recoverLatestValidated} (newest valid, under 5,000 manifests) and {@code prune} (keep 2 of
 * 5). Prints a Markdown table and writes it to {@code checkpoint-benchmarks/target/azure-request-counts.md}.
 * Run from the repository root after a build that installed Azurite (the tests of checkpoint-core):
 * {@code java -cp checkpoint-benchmarks/target/benchmarks.jar dev.checkpointstore.benchmarks.AzureRequestCounts [azurite-dir]}.
 */
public final class AzureRequestCounts {

    /** The budgets of the steady state, as for S3: requests per operation. */
    public static final Map<String, Integer> BUDGETS = Map.of("save", 2, "saveWithState", 3, "loadLatest", 2,
            "recoverLatestValidated", 3, "prune", 4);

    private AzureRequestCounts() {
    }

    /**
     * Runs the report.
     * @param args optionally the directory npm installed Azurite into (default {@code checkpoint-core/target/azurite})
     * @throws IOException when the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "checkpoint-core/target/azurite");
        AzuriteServer azurite = AzuriteServer.start(dir);
        try {
            String table = markdown(measure(azurite));
            System.out.println(table);
            Path out = Paths.get("checkpoint-benchmarks/target/azure-request-counts.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table);
        }
        finally {
            azurite.close();
        }
    }

    /**
     * Measures each operation once, after a warm-up that fills the store's caches.
     * @param azurite a running Azurite
     * @return per operation, the requests it sent by kind (PUT, GET, HEAD, LIST, BATCH, ...)
     */
    public static Map<String, Map<String, Integer>> measure(AzuriteServer azurite) {
        Counter counter = new Counter();
        BlobServiceClient client = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .addPolicy(counter).buildClient();
        BlobContainerClient container = client.getBlobContainerClient("request-counts-" + System.nanoTime());
        container.create();
        AzureBlobCheckpointStore store = AzureBlobCheckpointStore.builder(container).prefix("nodes/bench/").build();
        byte[] state = new byte[1024 * 1024];
        store.saveWithState(manifest(1, state.length), List.of(ByteBuffer.wrap(state)));
        store.loadLatest();
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        counts.put("save", counter.during(() -> store.save(manifest(2, 0))));
        counts.put("saveWithState", counter.during(() -> store.saveWithState(manifest(3, state.length),
                List.of(ByteBuffer.wrap(state)))));
        counts.put("loadLatest", counter.during(store::loadLatest));
        counts.put("recoverLatestValidated", counter.during(store::recoverLatestValidated));
        store.save(manifest(4, 0));
        store.saveWithState(manifest(5, state.length), List.of(ByteBuffer.wrap(state)));
        counts.put("prune", counter.during(() -> store.prune(2)));
        return counts;
    }

    static String markdown(Map<String, Map<String, Integer>> counts) {
        StringBuilder table = new StringBuilder("| operation | requests | by kind | budget |\n| --- | --- | --- | --- |\n");
        counts.forEach((operation, kinds) -> table.append("| ").append(operation).append(" | ")
                .append(total(kinds)).append(" | ").append(kinds).append(" | ")
                .append(BUDGETS.getOrDefault(operation, 0)).append(" |\n"));
        return table.toString();
    }

    /**
     * @param kinds requests by kind
     * @return their sum
     */
    public static int total(Map<String, Integer> kinds) {
        return kinds.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static CheckpointManifest manifest(long id, int stateLength) {
        CheckpointManifest.Builder builder = CheckpointManifest.builder().checkpointId(id).epoch(id)
                .timestampMs(1_764_000_000_000L + id).vnodeCount(256).sourceNames(List.of("orders"))
                .putSourceOffset("orders", ConnectorCheckpoint.of(Map.of("partition-0", Long.toString(id)), id));
        if (stateLength > 0) {
            builder.putOperatorState("join", OperatorCheckpoint.external(0, stateLength));
        }
        else {
            builder.putOperatorState("agg", OperatorCheckpoint.inline(("agg " + id).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /** Counts the requests of the client, by kind; the batch's sub-requests are not requests of their own. */
    private static final class Counter implements HttpPipelinePolicy {

        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private volatile boolean counting;

        Map<String, Integer> during(Runnable operation) {
            counts.clear();
            counting = true;
            try {
                operation.run();
            }
            finally {
                counting = false;
            }
            Map<String, Integer> snapshot = new TreeMap<>();
            counts.forEach((kind, count) -> snapshot.put(kind, count.get()));
            return snapshot;
        }

        private void count(HttpRequest request) {
            if (!counting) {
                return;
            }
            String query = String.valueOf(request.getUrl().getQuery());
            String kind = query.contains("comp=list") ? "LIST" : query.contains("comp=batch") ? "BATCH"
                    : query.contains("comp=blocklist") ? "PUT:blocklist" : query.contains("comp=block") ? "PUT:block"
                    : request.getHttpMethod().name();
            if (!"DELETE".equals(kind)) {
                counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            }
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            count(context.getHttpRequest());
            return next.processSync();
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            count(context.getHttpRequest());
            return next.process();
        }
    }
}
