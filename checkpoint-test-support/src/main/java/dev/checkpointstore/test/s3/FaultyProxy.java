package dev.checkpointstore.test.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A loopback TCP proxy in front of S3Mock that injects the failures S3 clients meet: a request
 * refused with 503 before it reaches the server, a connection dropped before the request is sent,
 * a response lost after the server applied the request (dropped, or replaced by a 503), a body cut
 * off halfway, a canned error such as 403 or 501, or a request held unanswered. A {@link Policy} decides per request by its
 * request line, a {@link HeadPolicy} by its request line and headers; requests on one connection
 * are told apart by the response status lines the server sends.
 */
public final class FaultyProxy implements AutoCloseable {

    /** What happens to one request. */
    public enum Fault {
        /** Forwarded untouched. */
        NONE,
        /** The connection is closed before the request reaches the server. */
        DROP_REQUEST,
        /** Answered 503 SlowDown without reaching the server. */
        REJECT_503,
        /** Applied by the server; the connection is closed before the response. */
        DROP_RESPONSE,
        /** Applied by the server; the client gets 503 instead of the response. */
        REPLACE_WITH_503,
        /** Applied by the server; the connection is closed after the first bytes of the response. */
        CUT_BODY,
        /** Answered 403 AccessDenied without reaching the server. */
        DENY_403,
        /** Answered 501 NotImplemented without reaching the server: a store that lacks a feature. */
        REJECT_501,
        /**
         * Forwarded with one bit of the request body flipped, {@value FaultyProxy#CORRUPT_AT} bytes
         * in (past any chunk framing): corruption in transit, after the client computed its checksums.
         */
        CORRUPT_BODY,
        /**
         * Never forwarded and never answered: the client waits with its request sent, as a process
         * killed or stalled just before the request reached the server would leave it.
         */
        HOLD
    }

    /** Where {@link Fault#CORRUPT_BODY} flips a bit: this many bytes into the request body. */
    public static final int CORRUPT_AT = 200;

    /** Decides the fault of each request. */
    @FunctionalInterface
    public interface Policy {

        /**
         * Decides what happens to one request.
         * @param request the request's number, from 1, over all connections
         * @param requestLine e.g. {@code PUT /bucket/key?x-id=PutObject HTTP/1.1}
         * @return the fault to inject
         */
        Fault decide(long request, String requestLine);
    }

    /** Decides the fault of each request by its headers too. */
    @FunctionalInterface
    public interface HeadPolicy {

        /**
         * Decides what happens to one request, by its headers too.
         * @param request the request's number, from 1, over all connections
         * @param requestLine e.g. {@code PUT /bucket/key?x-id=PutObject HTTP/1.1}
         * @param head the request line and the headers as the client sent them, CRLF-separated
         * @return the fault to inject
         */
        Fault decide(long request, String requestLine, String head);

        /**
         * Whether a request head carries a header.
         * @param head the request head
         * @param name the header's name, any case
         * @return true when the header is present
         */
        static boolean hasHeader(String head, String name) {
            return head.toLowerCase(Locale.ROOT).contains("\r\n" + name.toLowerCase(Locale.ROOT) + ":");
        }
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<S3Client> clients = new CopyOnWriteArrayList<>();
    private volatile HeadPolicy policy = (n, line, head) -> Fault.NONE;

    /**
     * Starts the proxy on a free loopback port; it forwards everything until given a policy.
     * @param target the server to forward to, on loopback (only its port is used)
     */
    public FaultyProxy(URI target) {
        this.targetPort = target.getPort();
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread acceptor = new Thread(this::accept, "faulty-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Where clients connect.
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * A client that goes through this proxy, closed with it.
     * @param interceptors added to the client
     * @return the client
     */
    public S3Client client(ExecutionInterceptor... interceptors) {
        S3Client client = S3MockServer.clientBuilder(endpoint(), interceptors).build();
        clients.add(client);
        return client;
    }

    /**
     * Decides the fault of each request from now on by its request line.
     * @param policy the policy
     */
    public void policy(Policy policy) {
        this.policy = (n, line, head) -> policy.decide(n, line);
    }

    /**
     * Decides the fault of each request from now on by its request line and headers.
     * @param policy the policy
     */
    public void policy(HeadPolicy policy) {
        this.policy = policy;
    }

    /**
     * How many faults were injected so far.
     * @return the count
     */
    public long injected() {
        return injected.get();
    }

    /**
     * How many requests reached the proxy so far.
     * @return the count
     */
    public long requests() {
        return requests.get();
    }

    /** Closes the clients made by {@link #client}, stops listening and closes every connection. */
    @Override
    public void close() {
        clients.forEach(S3Client::close);
        try {
            listener.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
        sockets.forEach(FaultyProxy::closeQuietly);
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

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already gone
        }
    }

    private static byte[] error(int status, String reason, String code) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>injected by"
                + " FaultyProxy</Message></Error>";
        return ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** One client connection and its server connection, pumped both ways. */
    private final class Link {

        private final Socket client;
        private final Socket server;
        private volatile boolean awaitingRequest = true;
        private volatile Fault fault = Fault.NONE;
        private long bodyForwarded;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(this::clientToServer, "faulty-proxy-up");
            Thread down = new Thread(this::serverToClient, "faulty-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void clientToServer() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    int bodyStart = 0;
                    if (awaitingRequest) {
                        awaitingRequest = false;
                        String text = new String(buffer, 0, n, StandardCharsets.US_ASCII);
                        int headEnd = text.indexOf("\r\n\r\n");
                        bodyStart = headEnd < 0 ? n : headEnd + 4;
                        bodyForwarded = 0;
                        String head = headEnd < 0 ? text : text.substring(0, headEnd + 2);
                        String line = text.lines().findFirst().orElse("");
                        fault = policy.decide(requests.incrementAndGet(), line, head);
                        if (fault != Fault.NONE) {
                            injected.incrementAndGet();
                        }
                        switch (fault) {
                            case HOLD -> {
                                drain(in, buffer);
                                return;
                            }
                            case DROP_REQUEST -> {
                                closeBoth();
                                return;
                            }
                            case REJECT_503 -> {
                                replyAndClose(error(503, "Slow Down", "SlowDown"));
                                return;
                            }
                            case DENY_403 -> {
                                replyAndClose(error(403, "Forbidden", "AccessDenied"));
                                return;
                            }
                            case REJECT_501 -> {
                                replyAndClose(error(501, "Not Implemented", "NotImplemented"));
                                return;
                            }
                            default -> {
                            }
                        }
                    }
                    long corruptAt = CORRUPT_AT - bodyForwarded;
                    if (fault == Fault.CORRUPT_BODY && corruptAt >= 0 && corruptAt < n - bodyStart) {
                        buffer[bodyStart + (int) corruptAt] ^= 0x01;
                    }
                    bodyForwarded += n - bodyStart;
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

        private void serverToClient() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (startsFinalResponse(buffer, n)) {
                        switch (fault) {
                            case DROP_RESPONSE -> {
                                closeBoth();
                                return;
                            }
                            case REPLACE_WITH_503 -> {
                                replyAndClose(error(503, "Service Unavailable", "ServiceUnavailable"));
                                return;
                            }
                            case CUT_BODY -> {
                                out.write(buffer, 0, Math.min(n, headerEnd(buffer, n) + 100));
                                out.flush();
                                closeBoth();
                                return;
                            }
                            default -> awaitingRequest = true;
                        }
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

        /** Reads the held request to its end and drops it, until the client or the proxy closes. */
        private void drain(InputStream in, byte[] buffer) throws IOException {
            while (in.read(buffer) > 0) {
                // held: nothing goes to the server
            }
        }

        private void replyAndClose(byte[] response) {
            try {
                client.getOutputStream().write(response);
                client.getOutputStream().flush();
                client.shutdownOutput();
                // let the client read the reply before the connection goes
                client.setSoTimeout(200);
                client.getInputStream().skip(Long.MAX_VALUE);
            }
            catch (IOException ex) {
                // the client went away first
            }
            closeBoth();
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

    private static int headerEnd(byte[] buffer, int n) {
        String text = new String(buffer, 0, n, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf("\r\n\r\n");
        return end < 0 ? 0 : end + 4;
    }
}
