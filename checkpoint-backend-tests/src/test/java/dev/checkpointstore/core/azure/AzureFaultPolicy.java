package dev.checkpointstore.core.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Azure SDK's interceptor analogue for fault tests: a pipeline policy (per retry, so each try
 * passes it) that counts the requests a store sends by operation and, for the requests a rule
 * picks, drops the connection before the request is sent, drops the response after the service
 * applied the request, or runs a hook (a latch) before sending or after the response, so that two
 * operations interleave in the exact order a test needs.
 */
final class AzureFaultPolicy implements HttpPipelinePolicy {

    /** What happens to a request a rule picks. */
    enum Action {
        /** The request never reaches the service: an I/O failure before sending. */
        DROP_REQUEST,
        /** The service applies the request; the client sees an I/O failure instead of the response. */
        DROP_RESPONSE,
        /** The hook runs, then the request is sent. */
        HOOK_BEFORE,
        /** The request is sent, then the hook runs before the client sees the response. */
        HOOK_AFTER
    }

    private record Rule(Predicate<HttpRequest> matches, Action action, Runnable hook, AtomicInteger remaining) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /**
     * Adds a rule for the next {@code times} requests that match.
     * @return this policy
     */
    AzureFaultPolicy on(Predicate<HttpRequest> matches, Action action, int times, Runnable hook) {
        rules.add(new Rule(matches, action, hook, new AtomicInteger(times)));
        return this;
    }

    AzureFaultPolicy on(Predicate<HttpRequest> matches, Action action, int times) {
        return on(matches, action, times, () -> { });
    }

    /** Requests for a blob whose name ends with the given text, with the given method and optional {@code comp}. */
    static Predicate<HttpRequest> blob(HttpMethod method, String nameSuffix, String comp) {
        return request -> request.getHttpMethod() == method && java.net.URLDecoder.decode(request.getUrl().getPath(),
                java.nio.charset.StandardCharsets.UTF_8).endsWith(nameSuffix) && compOf(request).equals(comp);
    }

    /** A List Blobs request whose prefix starts with the given text. */
    static Predicate<HttpRequest> listing(String prefix) {
        return request -> "list".equals(compOf(request)) && java.net.URLDecoder.decode(String.valueOf(
                request.getUrl().getQuery()), java.nio.charset.StandardCharsets.UTF_8).contains("prefix=" + prefix);
    }

    /** A blob batch request. */
    static Predicate<HttpRequest> batch() {
        return request -> "batch".equals(compOf(request));
    }

    /** How many requests of an operation went through: PUT, PUT:block, PUT:blocklist, GET, HEAD, LIST, BATCH, DELETE. */
    int count(String operation) {
        AtomicInteger count = counts.get(operation);
        return count == null ? 0 : count.get();
    }

    Map<String, Integer> counts() {
        Map<String, Integer> snapshot = new java.util.TreeMap<>();
        counts.forEach((operation, count) -> snapshot.put(operation, count.get()));
        return snapshot;
    }

    void reset() {
        counts.clear();
    }

    static String operation(HttpRequest request) {
        String comp = compOf(request);
        return switch (comp) {
            case "list" -> "LIST";
            case "batch" -> "BATCH";
            case "" -> request.getHttpMethod().name();
            default -> request.getHttpMethod().name() + ":" + comp;
        };
    }

    private static String compOf(HttpRequest request) {
        String query = request.getUrl().getQuery();
        if (query == null) {
            return "";
        }
        for (String part : query.split("&")) {
            if (part.startsWith("comp=")) {
                return part.substring(5);
            }
        }
        return "";
    }

    private Action decide(HttpRequest request, Runnable[] hook) {
        counts.computeIfAbsent(operation(request), k -> new AtomicInteger()).incrementAndGet();
        for (Rule rule : rules) {
            if (rule.matches().test(request) && rule.remaining().getAndDecrement() > 0) {
                hook[0] = rule.hook();
                return rule.action();
            }
        }
        return null;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Runnable[] hook = new Runnable[1];
        Action action = decide(context.getHttpRequest(), hook);
        if (action == Action.DROP_REQUEST) {
            throw new UncheckedIOException(new IOException("injected: the connection dropped before the request"));
        }
        if (action == Action.HOOK_BEFORE) {
            hook[0].run();
        }
        HttpResponse response = next.processSync();
        if (action == Action.DROP_RESPONSE) {
            response.close();
            throw new UncheckedIOException(new IOException("injected: the connection dropped before the response"));
        }
        if (action == Action.HOOK_AFTER) {
            response = response.buffer();
            hook[0].run();
        }
        return response;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Runnable[] hook = new Runnable[1];
        Action action = decide(context.getHttpRequest(), hook);
        if (action == Action.DROP_REQUEST) {
            return Mono.error(new IOException("injected: the connection dropped before the request"));
        }
        Mono<Void> before = action == Action.HOOK_BEFORE
                ? Mono.fromRunnable(hook[0]).subscribeOn(Schedulers.boundedElastic()).then() : Mono.empty();
        return before.then(Mono.defer(next::process)).publishOn(Schedulers.boundedElastic()).flatMap(response -> {
            if (action == Action.DROP_RESPONSE) {
                response.close();
                return Mono.error(new IOException("injected: the connection dropped before the response"));
            }
            if (action == Action.HOOK_AFTER) {
                HttpResponse buffered = response.buffer();
                hook[0].run();
                return Mono.just(buffered);
            }
            return Mono.just(response);
        });
    }
}
