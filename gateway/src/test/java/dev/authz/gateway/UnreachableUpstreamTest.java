package dev.authz.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreachableUpstreamTest {

    @DynamicPropertySource
    static void upstreamsNobodyListensOn(DynamicPropertyRegistry registry) throws IOException {
        String nowhere = "http://127.0.0.1:" + closedPort();
        registry.add("authz.gateway.command-side-url", () -> nowhere);
        registry.add("authz.gateway.query-side-url", () -> nowhere);
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void answers503WithTheErrorEnvelope() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway("/api/v3/create-user"))
                .header("x-authing-lang", "en-US")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"statusCode\":503").contains("\"apiCode\":50301");
    }

    @Test
    void reportsDownWithTheReasonPerUpstream() throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(gateway("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"commandSide\":\"DOWN (")
                .contains("\"querySide\":\"DOWN (connection refused)\"");
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
