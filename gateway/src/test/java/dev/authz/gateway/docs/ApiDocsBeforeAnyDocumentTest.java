package dev.authz.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A gateway that never got a document from one of the services: 503, never half an API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocsBeforeAnyDocumentTest {
    private static final DocsServer commandSide = new DocsServer(ApiDocsTest.COMMAND_DOCS);
    private static final DocsServer querySide = new DocsServer(null);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("authz.gateway.command-side-url", commandSide::url);
        registry.add("authz.gateway.query-side-url", querySide::url);
    }

    @AfterAll
    static void stop() {
        commandSide.close();
        querySide.close();
    }

    @Test
    void answers503InTheSdksEnvelope() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("statusCode").asInt()).isEqualTo(503);
        assertThat(body.path("apiCode").asInt()).isEqualTo(50301);
        assertThat(querySide.requests()).isEqualTo(1);
    }
}
