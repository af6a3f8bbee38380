package dev.authz.examples.accesscache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code GET /access?pool=P&user=U}: the user's groups and current roles. {@code GET /who-has?pool=P&role=ns:code}
 * or {@code &group=code}: the user ids. {@code GET /status}: how far the cache has read.
 */
final class HttpApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;

    HttpApi(AccessCache cache, String host, int port, LongSupplier clock) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/access", exchange -> answer(exchange, query -> {
            String pool = required(query, "pool");
            String user = required(query, "user");
            return cache.read(c -> c.index.accessOf(pool, user, clock.getAsLong()))
                    .<Object>map(access -> access)
                    .orElseThrow(() -> new NotFound("no user " + user + " in pool " + pool));
        }));
        server.createContext("/who-has", exchange -> answer(exchange, query -> {
            String pool = required(query, "pool");
            if (query.containsKey("group")) {
                return Map.of("users", cache.read(c -> c.index.membersOf(pool, query.get("group"))));
            }
            String role = required(query, "role");
            int colon = role.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("role must be namespace:code, e.g. default:admin");
            }
            return Map.of("users", cache.read(c -> c.index.holdersOf(pool, role.substring(0, colon),
                    role.substring(colon + 1), clock.getAsLong())));
        }));
        server.createContext("/status", exchange -> answer(exchange, query -> cache.read(c -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("topic", c.topic);
            status.put("nextOffsets", c.nextOffsets);
            status.put("eventsApplied", c.eventsApplied);
            status.put("duplicatesSkipped", c.duplicatesSkipped);
            status.put("malformedSkipped", c.malformedSkipped);
            status.put("following", cache.failure() == null);
            status.put("failure", cache.failure());
            return status;
        })));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private interface Handler {
        Object handle(Map<String, String> query);
    }

    private static void answer(HttpExchange exchange, Handler handler) throws IOException {
        int status;
        Object body;
        if (!"GET".equals(exchange.getRequestMethod())) {
            status = 405;
            body = Map.of("error", "GET only");
        } else {
            try {
                body = handler.handle(query(exchange.getRequestURI().getRawQuery()));
                status = 200;
            } catch (NotFound e) {
                status = 404;
                body = Map.of("error", e.getMessage());
            } catch (IllegalArgumentException e) {
                status = 400;
                body = Map.of("error", e.getMessage());
            }
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing query parameter " + name);
        }
        return value;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
