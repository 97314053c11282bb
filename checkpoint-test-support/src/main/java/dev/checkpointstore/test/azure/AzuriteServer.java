package dev.checkpointstore.test.azure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

/**
 * Azurite, Azure Storage's emulator, as a separate {@code node} process on loopback: the blob
 * service only, in memory, started once per JVM on a free port and killed when the JVM exits. The
 * build installs Azurite with npm into {@code target/azurite} (system property {@code azurite.dir});
 * where {@code node} or that install is missing, {@link #shared()} skips the calling test with a
 * message that says so.
 */
public final class AzuriteServer {

    /** Azurite's well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";

    /** The key of Azurite's well-known development account. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    private static AzuriteServer shared;
    private static String unavailable;

    private final Process process;
    private final int port;
    private final BlobServiceClient client;

    private AzuriteServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.client = serviceClient();
    }

    /**
     * The JVM's Azurite, started on first use.
     * @return the server
     */
    public static synchronized AzuriteServer shared() {
        if (shared == null && unavailable == null) {
            try {
                shared = start();
            }
            catch (MissingAzuriteException ex) {
                unavailable = ex.getMessage();
                // once per JVM, where the build shows it: JUnit keeps a skipped class's reason to itself
                System.err.println("Azure tests skipped: " + unavailable);
            }
        }
        Assumptions.assumeTrue(shared != null, () -> "Azure tests skipped: " + unavailable);
        return shared;
    }

    /** @return the blob endpoint, {@code http://127.0.0.1:PORT/devstoreaccount1} */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** @return the port Azurite listens on */
    public int port() {
        return port;
    }

    /** @return a connection string for the development account */
    public String connectionString() {
        return connectionString(endpoint());
    }

    /**
     * @param endpoint a blob endpoint that reaches this server (through a proxy, say)
     * @return a connection string for the development account at that endpoint
     */
    public static String connectionString(String endpoint) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + endpoint + ";";
    }

    /** @return a client of the account, with the SDK's defaults but for quick retries */
    public BlobServiceClient client() {
        return client;
    }

    /**
     * A client of the account with extra pipeline policies and a fixed retry policy.
     * @param maxTries how many times the client tries a request (1: no retries)
     * @param policies added to the pipeline, per retry
     * @return the client
     */
    public BlobServiceClient serviceClient(int maxTries, HttpPipelinePolicy... policies) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().connectionString(connectionString())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, maxTries, (Integer) 30,
                        10L, 10L, null));
        for (HttpPipelinePolicy policy : policies) {
            builder.addPolicy(policy);
        }
        return builder.buildClient();
    }

    private BlobServiceClient serviceClient() {
        return serviceClient(4);
    }

    /**
     * Creates a container no one else uses.
     * @param name a readable part of its name
     * @return its client, on {@link #client()}
     */
    public BlobContainerClient newContainer(String name) {
        String container = (name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + CONTAINERS.incrementAndGet());
        BlobContainerClient created = client.getBlobContainerClient(container.length() > 63
                ? container.substring(container.length() - 63) : container);
        created.create();
        return created;
    }

    private static AzuriteServer start() {
        return start(Paths.get(System.getProperty("azurite.dir", "target/azurite")));
    }

    /**
     * Starts an Azurite of its own, outside JUnit (a benchmark's report, say); {@link #close()} stops it.
     * @param azuriteDir where npm installed Azurite (holding {@code node_modules/azurite})
     * @return the running server
     * @throws IllegalStateException when node or Azurite is missing, or it does not start
     */
    public static AzuriteServer start(Path azuriteDir) {
        Path main = azuriteDir.resolve(Paths.get("node_modules", "azurite", "dist", "src", "blob", "main.js"))
                .toAbsolutePath();
        String node = findNode();
        if (node == null) {
            throw new MissingAzuriteException("node is not on the PATH, so Azurite (the Azure Storage emulator) cannot"
                    + " run; install Node.js 20 or later");
        }
        if (!Files.isRegularFile(main)) {
            throw new MissingAzuriteException("Azurite is not installed at " + main + "; the build installs it with npm"
                    + " (mvn generate-test-resources), which needs npm on the PATH");
        }
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(node, main.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                Integer.toString(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose")
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start Azurite with " + builder.command(), ex);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "azurite-stopper"));
        CompletableFuture<Void> listening = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("successfully listens")) {
                        listening.complete(null);
                    }
                }
                listening.completeExceptionally(new IllegalStateException("Azurite exited"));
            }
            catch (IOException ex) {
                listening.completeExceptionally(ex);
            }
        }, "azurite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while Azurite started", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            process.destroyForcibly();
            synchronized (output) {
                throw new IllegalStateException("Azurite did not start on port " + port + ": " + output, ex);
            }
        }
        return new AzuriteServer(process, port);
    }

    private static String findNode() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("node", "node.exe")) {
                Path candidate = Paths.get(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Whether the process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** Stops the server. */
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static final class MissingAzuriteException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingAzuriteException(String message) {
            super(message);
        }
    }
}
