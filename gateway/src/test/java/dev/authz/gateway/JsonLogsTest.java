package dev.authz.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code AUTHZ_LOG_FORMAT=json}: every line is one JSON object, the request id a field of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "AUTHZ_LOG_FORMAT=json",
        "authz.gateway.command-side-url=http://127.0.0.1:9",
        "authz.gateway.query-side-url=http://127.0.0.1:9"})
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    /**
     * Logback is configured once per JVM, by the first Spring context: mark it unconfigured so that this test's
     * context configures it with its own properties, and the next context after it with its own again.
     */
    @BeforeAll
    static void letThisContextConfigureLogging() {
        LoggingSystem.get(JsonLogsTest.class.getClassLoader()).cleanUp();
    }

    @AfterAll
    static void letTheNextContextConfigureLogging() {
        LoggingSystem.get(JsonLogsTest.class.getClassLoader()).cleanUp();
    }

    @Test
    void requestLinesAreJsonWithTheRequestIdAsAField(CapturedOutput output) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v3/create-group"))
                .header("x-request-id", "json-log-1").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);

        List<JsonNode> lines = output.getOut().lines().filter(line -> line.startsWith("{")).map(JsonLogsTest::parse)
                .toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("requestId").asText()).isEqualTo("json-log-1");
            assertThat(line.path("message").asText()).startsWith("POST /api/v3/create-group -> command 503 in ");
        });
        assertThat(output.getOut()).doesNotContain("INFO [json-log-1]"); // not the human-readable pattern
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
