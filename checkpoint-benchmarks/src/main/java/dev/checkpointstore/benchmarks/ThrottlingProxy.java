package dev.checkpointstore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that makes S3Mock behave like S3 seen from one connection: each connection
 * carries at most a fixed number of bytes per second in each direction, and every response starts
 * no sooner than a fixed delay after its request began (S3's first-byte latency). S3 serves many
 * connections at once at about that rate each; S3Mock on loopback serves one connection as fast as
 * the CPU allows, which hides what several connections in flight are worth.
 *
 * <p>It forwards bytes and does not parse HTTP: the first byte the server sends after the client
 * sent something waits until the delay has passed since the client's last byte (for a GET, from
 * the request; for a PUT, from the end of its body, as S3 answers once the body is in). It counts the connections opened and, per connection,
 * the bytes moved, so a benchmark can tell how many connections an operation used.
 */
public final class ThrottlingProxy implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    private final ServerSocket listener;
    private final int targetPort;
    private final long bytesPerSecond;
    private final long firstByteDelayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger carried = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger peakBusy = new AtomicInteger();
    private volatile long carryThreshold = 1024 * 1024;

    /**
     * Starts the proxy on a free loopback port.
     * @param target the server, {@code http://127.0.0.1:port}
     * @param bytesPerSecond the most bytes per second of one connection, each direction
     * @param firstByteDelayMillis the least time from a request's first byte to its response's
     */
    public ThrottlingProxy(URI target, long bytesPerSecond, long firstByteDelayMillis) {
        this.targetPort = target.getPort();
        this.bytesPerSecond = bytesPerSecond;
        this.firstByteDelayNanos = TimeUnit.MILLISECONDS.toNanos(firstByteDelayMillis);
        try {
            this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread acceptor = new Thread(this::accept, "throttling-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return where clients connect, {@code http://127.0.0.1:port} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * Connection statistics since the last {@link #resetCounts}.
     * @param opened connections opened
     * @param carried connections, old or new, that moved at least the threshold (either way)
     * @param peakBusy the most connections moving bytes at one moment (a connection counts as
     *     moving from a chunk's arrival until it has been paced out)
     */
    public record Counts(int opened, int carried, int peakBusy) {
    }

    /**
     * What the connections did since the last reset.
     * @return the counts
     */
    public Counts counts() {
        return new Counts(opened.get(), carried.get(), peakBusy.get());
    }

    /**
     * Starts counting from zero.
     * @param atLeastBytes the bytes a connection must move to count as carrying the transfer
     */
    public void resetCounts(long atLeastBytes) {
        carryThreshold = atLeastBytes;
        opened.set(0);
        carried.set(0);
        peakBusy.set(busy.get());
        for (Connection connection : connections) {
            connection.moved.set(0);
            connection.counted.set(false);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                opened.incrementAndGet();
                Connection connection = new Connection(client, server);
                connections.add(connection);
                connection.start();
            }
            catch (IOException ex) {
                if (!listener.isClosed()) {
                    System.err.println("throttling proxy: " + ex);
                }
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
    }

    /** One client connection and its connection to the server, one thread each way. */
    private final class Connection {

        private final Socket client;
        private final Socket server;
        private final AtomicLong moved = new AtomicLong();
        private final AtomicBoolean counted = new AtomicBoolean();
        /** Whether the client sent bytes the server has not answered yet. */
        private final AtomicBoolean unanswered = new AtomicBoolean();
        private volatile long lastRequestByte;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(() -> pump(client, server, true), "throttling-proxy-up");
            Thread down = new Thread(() -> pump(server, client, false), "throttling-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void pump(Socket from, Socket to, boolean request) {
            byte[] buffer = new byte[BUFFER];
            long next = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long now = System.nanoTime();
                    if (!request && unanswered.getAndSet(false)) {
                        sleepUntil(lastRequestByte + firstByteDelayNanos);
                        now = System.nanoTime();
                    }
                    // pace: this chunk may leave once the ones before it had their time on the wire
                    next = Math.max(next, now);
                    int moving = busy.incrementAndGet();
                    peakBusy.accumulateAndGet(moving, Math::max);
                    try {
                        sleepUntil(next);
                    }
                    finally {
                        busy.decrementAndGet();
                    }
                    if (request) {
                        lastRequestByte = System.nanoTime();
                        unanswered.set(true);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (moved.addAndGet(n) >= carryThreshold && counted.compareAndSet(false, true)) {
                        carried.incrementAndGet();
                    }
                    next += n * 1_000_000_000L / bytesPerSecond;
                }
            }
            catch (IOException ex) {
                // the other side closed
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
                connections.remove(this);
            }
        }

        private void sleepUntil(long deadline) {
            long wait;
            while ((wait = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
