package dev.authz.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A stand-in for one service: remembers the last API request it got and answers health checks with UP. */
final class RecordingUpstream implements AutoCloseable {

    /** What the upstream saw, exactly as it arrived on the wire (raw path and query, header values, body bytes). */
    record Received(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
    }

    private final String name;
    private final HttpServer server;
    private volatile Received last;
    private volatile int status = 207;

    RecordingUpstream(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/actuator/health", exchange -> {
            byte[] up = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, up.length);
            exchange.getResponseBody().write(up);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            byte[] body = exchange.getRequestBody().readAllBytes();
            last = new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders(), body);
            // Answer with an unusual status, repeated headers and the request body echoed back.
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().add("X-Upstream", name);
            exchange.getResponseHeaders().add("Set-Cookie", "a=1");
            exchange.getResponseHeaders().add("Set-Cookie", "b=2");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Received last() {
        return last;
    }

    void forget() {
        last = null;
        status = 207;
    }

    /** The status of the next answers (until {@link #forget}). */
    void answerWith(int status) {
        this.status = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
