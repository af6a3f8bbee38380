package dev.authz.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that drops the connection after reading a request, without answering (what a pooled keep-alive
 * connection the service closed meanwhile looks like): a read is sent once more, a write is not, since it may have
 * reached the service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DroppedConnectionTest {

    private static final DroppingUpstream upstream = new DroppingUpstream();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("authz.gateway.command-side-url", upstream::url);
        registry.add("authz.gateway.query-side-url", upstream::url);
    }

    @AfterAll
    static void stopUpstream() throws IOException {
        upstream.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        upstream.requests.clear();
    }

    @Test
    void aReadIsSentAgainOnAFreshConnection() throws Exception {
        upstream.dropNext.set(1);
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/v3/get-user?userId=u1")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(upstream.requests)
                .containsExactly("GET /api/v3/get-user?userId=u1", "GET /api/v3/get-user?userId=u1");
    }

    @Test
    void aWriteIsNotRepeatedAndTheClientGets503() throws Exception {
        upstream.dropNext.set(1);
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/v3/create-group"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"g1\"}")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"apiCode\":50301");
        assertThat(upstream.requests).containsExactly("POST /api/v3/create-group");
    }

    @Test
    void aReadThatFailsTwiceIs503() throws Exception {
        upstream.dropNext.set(2);
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/v3/get-user?userId=u1")).GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(upstream.requests).hasSize(2);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Reads each request whole; drops the connection for the next {@link #dropNext} requests, else answers "ok". */
    private static final class DroppingUpstream {
        final AtomicInteger dropNext = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        DroppingUpstream() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread serving = new Thread(this::serve, "dropping-upstream");
            serving.setDaemon(true);
            serving.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        void close() throws IOException {
            server.close();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    String head;
                    while ((head = readHead(in)) != null) {
                        String requestLine = head.substring(0, head.indexOf("\r\n"));
                        requests.add(requestLine.substring(0, requestLine.lastIndexOf(' ')));
                        in.readNBytes(contentLength(head));
                        if (dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            break; // close without a word
                        }
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                + "Content-Length: 2\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // closed by the test or by the gateway: next connection
                }
            }
        }

        /** The request line and headers, or null at the end of the stream. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                String text = head.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return text;
                }
            }
            return null;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return 0;
        }
    }
}
