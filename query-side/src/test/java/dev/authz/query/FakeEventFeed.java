package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.authz.kit.security.InternalTokenFilter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command side's event feed ({@code GET /internal/v1/events}) over the events this test JVM published: the
 * query side's tests have no event store, so {@link EventStream} stores each envelope here before sending it
 * (as the command side stores before it publishes), once per aggregate and sequence. Poison records never
 * reach it, as they never reach a real event store. It can be told to slow down or to fail.
 */
final class FakeEventFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> stored = new ArrayList<>();
    private final Set<String> positions = new HashSet<>();
    private volatile long delayPerPageMillis;
    private volatile int pagesBeforeFailure = -1;

    private FakeEventFeed() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/events", this::serve);
        server.start();
    }

    static FakeEventFeed start() {
        return new FakeEventFeed();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Keeps a record's value if it is an envelope not stored yet. */
    synchronized void store(String value) {
        try {
            JsonNode envelope = JSON.readTree(value);
            if (envelope.path("aggregateId").isTextual() && positions.add(envelope.path("aggregateId").asText() + ":"
                    + envelope.path("sequence").asLong())) {
                stored.add(envelope);
            }
        } catch (IOException notAnEnvelope) {
            // a poison record: never in an event store
        }
    }

    synchronized List<JsonNode> all() {
        return List.copyOf(stored);
    }

    void slowDown(long millisPerPage) {
        delayPerPageMillis = millisPerPage;
    }

    /** Answers HTTP 500 after this many more pages (negative: never). */
    void failAfter(int pages) {
        pagesBeforeFailure = pages;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!IntegrationTestBase.INTERNAL_TOKEN.equals(exchange.getRequestHeaders()
                    .getFirst(InternalTokenFilter.HEADER))) {
                respond(exchange, 401, "{}");
                return;
            }
            if (pagesBeforeFailure == 0) {
                respond(exchange, 500, "{\"error\":\"event store unavailable\"}");
                return;
            }
            if (pagesBeforeFailure > 0) {
                pagesBeforeFailure--;
            }
            Thread.sleep(delayPerPageMillis);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String after = query.getOrDefault("after", "");
            int from = after.isBlank() ? 0 : Integer.parseInt(after) + 1;
            int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
            ObjectNode page = JSON.createObjectNode();
            ArrayNode events = page.putArray("events");
            synchronized (this) {
                int to = Math.min(stored.size(), from + limit);
                for (int position = from; position < to; position++) {
                    events.addObject().put("position", position).set("envelope", stored.get(position));
                }
                page.put("next", to == from ? after : String.valueOf(to - 1));
                page.put("head", stored.size() - 1);
            }
            respond(exchange, 200, JSON.writeValueAsString(page));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    params.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
