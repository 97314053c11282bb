package dev.checkpointstore.sample.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy between the sample and S3Mock that can stop a checkpoint between its two
 * writes: while armed, the PUT of the manifest of the n-th checkpoint with a sidecar is held, never
 * forwarded, so the process that sent it can be killed with its sidecar stored and its manifest
 * not. Everything else, and everything once disarmed, is forwarded as it is. Requests on
 * one connection are told apart by the final (not 1xx) responses the server sends.
 */
final class ManifestHoldingProxy implements AutoCloseable {

    private static final Pattern STATE_PUT = Pattern.compile("^PUT /\\S*/checkpoints/state-(\\d+)\\.bin[ ?]");
    private static final Pattern MANIFEST_PUT = Pattern.compile("^PUT /\\S*/manifests/manifest-(\\d+)\\.json[ ?]");

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Long> sidecarsSeen = ConcurrentHashMap.newKeySet();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final AtomicLong heldId = new AtomicLong();
    private volatile boolean armed;
    private volatile int nth;

    /**
     * Starts the proxy on a free loopback port.
     * @param target the S3 endpoint, on loopback
     */
    ManifestHoldingProxy(URI target) {
        this.targetPort = target.getPort();
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread acceptor = new Thread(this::accept, "manifest-holding-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return where clients connect */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * Holds the manifest PUT of the n-th checkpoint whose sidecar is PUT through this proxy from now on.
     * @param nth which checkpoint with a sidecar, from 1
     */
    void arm(int nth) {
        sidecarsSeen.clear();
        this.nth = nth;
        armed = true;
    }

    /** Forwards every request from now on. */
    void disarm() {
        armed = false;
    }

    /**
     * Waits until a manifest PUT is held.
     * @param timeout how long to wait
     * @return the id of the checkpoint whose manifest is held
     * @throws IllegalStateException when none is held in time
     */
    long awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no manifest PUT after its sidecar within " + timeout);
        }
        return heldId.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
        sockets.forEach(ManifestHoldingProxy::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                new Link(client, server).start();
            }
            catch (IOException ex) {
                // listener closed, or the server refused: the client sees a closed connection
            }
        }
    }

    /** Whether a request, given its first line, is to be held. */
    private boolean hold(String requestLine) {
        Matcher state = STATE_PUT.matcher(requestLine);
        if (state.find()) {
            sidecarsSeen.add(Long.parseLong(state.group(1)));
            return false;
        }
        Matcher manifest = MANIFEST_PUT.matcher(requestLine);
        if (armed && manifest.find() && sidecarsSeen.contains(Long.parseLong(manifest.group(1)))
                && sidecarsSeen.size() >= nth) {
            armed = false;
            heldId.set(Long.parseLong(manifest.group(1)));
            held.countDown();
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already gone
        }
    }

    /** One client connection and its server connection, pumped both ways. */
    private final class Link {

        private final Socket client;
        private final Socket server;
        private volatile boolean awaitingRequest = true;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(this::clientToServer, "manifest-holding-proxy-up");
            Thread down = new Thread(this::serverToClient, "manifest-holding-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void clientToServer() {
            byte[] buffer = new byte[64 * 1024];
            boolean holding = false;
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (awaitingRequest) {
                        awaitingRequest = false;
                        String line = new String(buffer, 0, n, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
                        holding = hold(line);
                    }
                    if (!holding) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            }
            catch (IOException ex) {
                // one side closed
            }
            finally {
                closeBoth();
            }
        }

        private void serverToClient() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (startsFinalResponse(buffer, n)) {
                        awaitingRequest = true;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // one side closed
            }
            finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Whether the bytes hold the status line of a final (not 1xx) response. */
    private static boolean startsFinalResponse(byte[] buffer, int n) {
        String text = new String(buffer, 0, Math.min(n, 2048), StandardCharsets.US_ASCII);
        int at = 0;
        while (text.startsWith("HTTP/1.1 ", at)) {
            if (text.length() > at + 9 && text.charAt(at + 9) != '1') {
                return true;
            }
            int end = text.indexOf("\r\n\r\n", at);
            if (end < 0) {
                return false;
            }
            at = end + 4;
        }
        return false;
    }
}
