package dev.checkpointstore.test.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * A real S3Mock server ({@code com.adobe.testing:s3mock}, classifier {@code exec}) in its own JVM
 * on a free loopback port, for tests. Its log goes to {@code s3mock-<port>.log} beside the jar
 * (under {@code target/}), its data to a directory there, removed when it stops.
 *
 * <p>Tests share one server per test JVM: {@link #shared()} starts it on first use (a few seconds)
 * and a shutdown hook stops it; {@link S3MockExtension} gives each test a bucket on it. To use it
 * from a module: depend on {@code checkpoint-test-support} (test scope), activate the
 * {@code copy-s3mock} execution of maven-dependency-plugin (phase {@code generate-test-resources};
 * it copies {@code com.adobe.testing:s3mock:exec} to {@code target/s3mock/s3mock-exec.jar}) and set
 * {@code <s3mock.jar>${s3mock.jar}</s3mock.jar>} in surefire's {@code systemPropertyVariables}.
 *
 * <p>System properties: {@code s3mock.jar} (required) the server jar; {@code s3mock.java}
 * (optional) the {@code java} executable to run it with, by default the one running the tests
 * (S3Mock 4.12 runs on Java 17), else a newer JDK installed beside it.
 *
 * <p>Where S3Mock 4.12 differs from S3, as far as the store is concerned: its conditional writes
 * check and then write without a lock (the clients made here add {@link AtomicConditionalWrites});
 * a failed {@code If-None-Match} on CompleteMultipartUpload answers 304, not 412; and aborting a
 * multipart upload deletes an existing object of the same key.
 *
 * <p>Server-side encryption and checksums in S3Mock 4.12: nothing is encrypted. The
 * {@code x-amz-server-side-encryption*} headers of a write are stored as they came and sent back
 * on its responses and on reads, except that an object made by a multipart upload reports the headers
 * of its CompleteMultipartUpload request (so none for SSE-S3 and SSE-KMS). SSE-KMS keys are checked, by key id only, against
 * {@code validKmsKeys} (this harness registers {@link #KMS_KEY_ID}; an ARN or an alias is refused
 * with 400 {@code KMS.NotFoundException}). SSE-C is accepted over plain HTTP (S3 requires HTTPS), the
 * customer key is stored and echoed back, and GET and HEAD do not require the key, so tests check the
 * key on reads with an interceptor rather than by the server's refusal. Upload checksums
 * ({@code x-amz-checksum-*} headers and aws-chunked trailers) are verified on PUT and UploadPart; a
 * mismatch answers 400 {@code InvalidRequest} "Value for x-amz-checksum-crc32c header is invalid."
 * where S3 answers 400 {@code BadDigest}. Storage classes are stored and reported by HEAD.
 */
public final class S3MockServer implements AutoCloseable {

    /** The region the clients use. */
    public static final Region REGION = Region.US_EAST_1;

    private static final String ACCESS_KEY = "test-key";
    private static final String SECRET_KEY = "test-secret";

    /** The one SSE-KMS key id the server accepts. */
    public static final String KMS_KEY_ID = "checkpoint-store-test-key";

    /**
     * S3Mock 4.12 replaces an object in place, so a GET that races an overwrite can get a body
     * shorter than its Content-Length and then nothing: the client waits for its read timeout
     * (30 seconds by default) before the store retries. A short timeout keeps that stall short.
     */
    private static final int READ_TIMEOUT_SECONDS = 5;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(READ_TIMEOUT_SECONDS);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static @Nullable S3MockServer shared;

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Duration startup;
    private volatile @Nullable S3Client client;

    private S3MockServer(Process process, URI endpoint, Path log, Duration startup) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.startup = startup;
    }

    /**
     * The server this test JVM shares, started on first use and stopped when the JVM exits.
     * @return the running server
     */
    public static synchronized S3MockServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            S3MockServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3mock-stopper"));
            shared = server;
        }
        return shared;
    }

    /**
     * Starts a server of its own; the caller closes it.
     * @return the running server
     */
    public static S3MockServer start() {
        Path jar = Paths.get(requiredProperty("s3mock.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock jar " + jar + " does not exist; the copy-s3mock execution of"
                    + " maven-dependency-plugin (phase generate-test-resources) puts it there");
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start(jar, freePort());
            }
            catch (IllegalStateException ex) {
                // most likely the pre-picked port was taken in between: pick another
                last = ex;
            }
        }
        throw last;
    }

    private static S3MockServer start(Path jar, int port) {
        Path dir = jar.getParent();
        Path log = dir.resolve("s3mock-" + port + ".log");
        Path data = dir.resolve("data-" + port);
        List<String> command = new ArrayList<>(List.of(javaExecutable(jar),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-jar", jar.toString(),
                // the main connector, plain HTTP on loopback, is ours; S3Mock always adds a second
                // HTTP connector (httpPort), which goes to a random port no one uses
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--server.ssl.enabled=false",
                "--com.adobe.testing.s3mock.httpPort=0",
                "--com.adobe.testing.s3mock.store.root=" + data,
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=false",
                "--com.adobe.testing.s3mock.store.validKmsKeys=arn:aws:kms:us-east-1:000000000000:key/" + KMS_KEY_ID,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.com.adobe.testing.s3mock=INFO"));
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start S3Mock: " + String.join(" ", command), ex);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = started + STARTUP_TIMEOUT.toNanos();
        while (!answers(endpoint)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with status " + process.exitValue() + " before answering on "
                        + endpoint + "; see " + log + ":\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                stop(process);
                throw new IllegalStateException("S3Mock did not answer on " + endpoint + " within " + STARTUP_TIMEOUT
                        + "; see " + log + ":\n" + tail(log));
            }
            sleep(100);
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("S3Mock answers on " + endpoint + " after " + startup.toMillis() + " ms (log " + log + ")");
        return new S3MockServer(process, endpoint, log, startup);
    }

    /**
     * Where the server answers plain HTTP.
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * How long the server took to answer after its JVM started.
     * @return the startup time
     */
    public Duration startupTime() {
        return startup;
    }

    /**
     * The server's log file.
     * @return its path
     */
    public Path log() {
        return log;
    }

    /**
     * A client for this server, shared, not to be closed by the caller: path-style, region
     * us-east-1, dummy static credentials.
     * @return the client
     */
    public S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = clientBuilder().build();
                    client = c;
                }
            }
        }
        return c;
    }

    /**
     * A new client with interceptors (e.g. one that counts requests); the caller closes it.
     * @param interceptors added in order, after {@link AtomicConditionalWrites}
     * @return the client
     */
    public S3Client client(ExecutionInterceptor... interceptors) {
        return clientBuilder(endpoint, interceptors).build();
    }

    /**
     * A client builder configured for this server, for tests that change more (timeouts).
     * @param interceptors added in order, after {@link AtomicConditionalWrites}
     * @return the builder
     */
    public S3ClientBuilder clientBuilder(ExecutionInterceptor... interceptors) {
        return clientBuilder(endpoint, interceptors);
    }

    /**
     * A client builder for an S3Mock endpoint (or a proxy in front of one): path-style, region
     * us-east-1, dummy static credentials, and {@link AtomicConditionalWrites} first among the
     * interceptors, because S3Mock's own conditional writes are not atomic. Setting the override
     * configuration again replaces the interceptors.
     * @param endpoint the endpoint
     * @param interceptors added in order, after {@link AtomicConditionalWrites}
     * @return the builder
     */
    public static S3ClientBuilder clientBuilder(URI endpoint, ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .httpClientBuilder(httpClient(READ_TIMEOUT))
                .endpointOverride(endpoint)
                .region(REGION)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .overrideConfiguration(o -> {
                    o.addExecutionInterceptor(AtomicConditionalWrites.INSTANCE);
                    for (ExecutionInterceptor interceptor : interceptors) {
                        o.addExecutionInterceptor(interceptor);
                    }
                });
    }

    /**
     * The default HTTP client with another read timeout, for {@link S3ClientBuilder#httpClientBuilder}:
     * the clients made here wait {@value #READ_TIMEOUT_SECONDS} seconds, which is too short for
     * requests S3Mock takes long over (completing a multipart upload of hundreds of MiB,
     * deleting thousands of keys).
     * @param readTimeout how long to wait for response bytes
     * @return the HTTP client builder
     */
    public static SdkHttpClient.Builder<?> httpClient(Duration readTimeout) {
        return new ReadTimeout(readTimeout);
    }

    /**
     * Creates a bucket; an existing one of ours is fine.
     * @param name the bucket name
     * @return the name
     */
    public String createBucket(String name) {
        try {
            client().createBucket(r -> r.bucket(name));
        }
        catch (BucketAlreadyOwnedByYouException ex) {
            // already there
        }
        return name;
    }

    /**
     * Creates a bucket with a name no other test uses.
     * @param stem the start of the name, lowercase letters, digits and dashes
     * @return the name
     */
    public String newBucket(String stem) {
        String name = (stem.toLowerCase(Locale.ROOT) + "-" + BUCKETS.incrementAndGet() + "-"
                + Long.toString(System.nanoTime() & 0xFFFFFF, 36));
        return createBucket(name.length() > 63 ? name.substring(name.length() - 63) : name);
    }

    /**
     * Creates a bucket with a name no other test uses, as an {@link S3Bucket}.
     * @param stem the start of the name, lowercase letters, digits and dashes
     * @return the bucket
     */
    public S3Bucket newS3Bucket(String stem) {
        return new S3Bucket(this, newBucket(stem));
    }

    /**
     * The Spring Cloud AWS properties that point its {@code S3Client} at this server.
     * @return {@code name=value} pairs
     */
    public List<String> springCloudAwsProperties() {
        return springCloudAwsProperties(endpoint);
    }

    /**
     * The Spring Cloud AWS properties that point its {@code S3Client} at an S3Mock endpoint (or a
     * proxy in front of one): the endpoint, path-style access, {@link #REGION} and the dummy
     * credentials the clients made here use.
     * @param endpoint the endpoint
     * @return {@code name=value} pairs
     */
    public static List<String> springCloudAwsProperties(URI endpoint) {
        return List.of("spring.cloud.aws.s3.endpoint=" + endpoint, "spring.cloud.aws.s3.path-style-access-enabled=true",
                "spring.cloud.aws.region.static=" + REGION.id(), "spring.cloud.aws.credentials.access-key=" + ACCESS_KEY,
                "spring.cloud.aws.credentials.secret-key=" + SECRET_KEY);
    }

    /** Stops the server: a graceful stop, then a forced one after 10 seconds. */
    @Override
    public void close() {
        S3Client c = client;
        if (c != null) {
            c.close();
        }
        stop(process);
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() > 0;
            }
            finally {
                connection.disconnect();
            }
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot find a free loopback port", ex);
        }
    }

    /**
     * The {@code java} to run S3Mock with: {@code s3mock.java} when set, else the running JVM when
     * it is recent enough for the jar (its manifest's {@code Java-Version}), else the newest
     * sufficient JDK installed beside it.
     */
    private static String javaExecutable(Path jar) {
        String configured = System.getProperty("s3mock.java");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        int required = requiredJava(jar);
        Path home = Paths.get(System.getProperty("java.home"));
        if (Runtime.version().feature() >= required) {
            return home.resolve("bin").resolve("java").toString();
        }
        try (var siblings = Files.list(home.getParent())) {
            return siblings.filter(jdk -> javaVersion(jdk) >= required)
                    .max(java.util.Comparator.comparingInt(S3MockServer::javaVersion))
                    .map(jdk -> jdk.resolve("bin").resolve("java").toString())
                    .orElseThrow(() -> new IllegalStateException("S3Mock needs Java " + required + "; set -Ds3mock.java"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("S3Mock needs Java " + required + "; set -Ds3mock.java", ex);
        }
    }

    private static int requiredJava(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            String version = file.getManifest().getMainAttributes().getValue("Java-Version");
            return version == null ? 17 : Integer.parseInt(version.trim());
        }
        catch (IOException | NumberFormatException ex) {
            return 17;
        }
    }

    private static int javaVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not a JDK
        }
        return 0;
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; configure it in surefire's"
                    + " systemPropertyVariables (<" + name + ">${" + name + "}</" + name + ">)");
        }
        return value;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException ex) {
            return "(log unreadable: " + ex.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Mock", ex);
        }
    }

    /** The SDK's default HTTP client, built with a read timeout of ours. */
    private static final class ReadTimeout implements SdkHttpClient.Builder<ReadTimeout> {

        private final Duration readTimeout;

        ReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            SdkHttpService service = ServiceLoader.load(SdkHttpService.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no SDK HTTP client on the class path"));
            AttributeMap ours = AttributeMap.builder().put(SdkHttpConfigurationOption.READ_TIMEOUT, readTimeout).build();
            return service.createHttpClientBuilder().buildWithDefaults(ours.merge(serviceDefaults));
        }
    }
}
