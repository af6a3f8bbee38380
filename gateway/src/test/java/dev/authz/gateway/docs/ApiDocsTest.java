package dev.authz.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway's own API document and Swagger UI, over HTTP, with stand-ins that serve the services' documents. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "authz.gateway.api-docs-fresh-for=3s")
class ApiDocsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String COMMAND_DOCS = """
            {"openapi": "3.0.1", "info": {"title": "OpenAPI definition", "version": "v0"},
             "servers": [{"url": "http://command-side:8081"}],
             "tags": [{"name": "groups"}],
             "paths": {
               "/api/v3/create-group": {"post": {"tags": ["groups"], "operationId": "createGroup",
                 "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateGroupDto"}}}},
                 "responses": {"200": {"content": {"*/*": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}}},
               "/internal/v1/events": {"get": {"operationId": "events",
                 "responses": {"200": {"content": {"*/*": {"schema": {"$ref": "#/components/schemas/EventPage"}}}}}}}},
             "components": {"schemas": {
               "CreateGroupDto": {"type": "object", "properties": {"custom": {"$ref": "#/components/schemas/CustomData"}}},
               "CustomData": {"type": "object"},
               "Envelope": {"type": "object", "properties": {"statusCode": {"type": "integer"}}},
               "EventPage": {"type": "object"}}}}
            """;
    static final String QUERY_DOCS = """
            {"openapi": "3.0.1", "info": {"title": "OpenAPI definition", "version": "v0"},
             "servers": [{"url": "http://query-side:8082"}],
             "tags": [{"name": "groups"}, {"name": "users"}],
             "paths": {
               "/api/v3/get-group": {"get": {"tags": ["groups"], "operationId": "getGroup",
                 "responses": {"200": {"content": {"*/*": {"schema": {"$ref": "#/components/schemas/Envelope"}}}}}}},
               "/api/v3/list-users": {"post": {"tags": ["users"], "operationId": "listUsers", "responses": {}}},
               "/api/v3/create-role": {"post": {"operationId": "createRoleDocumentedOnTheWrongSide", "responses": {}}},
               "/internal/v1/applied": {"get": {"operationId": "applied", "responses": {}}}},
             "components": {"schemas": {
               "Envelope": {"type": "object", "properties": {"statusCode": {"type": "integer"}}}}}}
            """;

    private static final DocsServer commandSide = new DocsServer(COMMAND_DOCS);
    private static final DocsServer querySide = new DocsServer(QUERY_DOCS);
    private final HttpClient http = HttpClient.newHttpClient();

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
    void servesWhatTheGatewayForwardsAsOneDocument() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode merged = JSON.readTree(response.body());

        assertThat(names(merged.path("paths")))
                .containsExactlyInAnyOrder("/api/v3/create-group", "/api/v3/get-group", "/api/v3/list-users");
        assertThat(merged.path("paths").path("/api/v3/get-group").path("get").path("operationId").asText())
                .isEqualTo("getGroup");
        // Referenced schemas only (the internal endpoint's page is gone), followed through other schemas.
        assertThat(names(merged.path("components").path("schemas")))
                .containsExactlyInAnyOrder("CreateGroupDto", "CustomData", "Envelope");
        assertThat(merged.path("tags").findValuesAsText("name")).containsExactly("groups", "users");
        // No servers: tools resolve paths against the gateway, not the services' internal addresses.
        assertThat(merged.has("servers")).isFalse();
        assertThat(merged.path("info").path("title").asText()).isEqualTo("Authz management API");
        JsonNode scheme = merged.path("components").path("securitySchemes").path(ApiDocs.SIGNATURE_SCHEME);
        assertThat(scheme.path("name").asText()).isEqualTo("authorization");
        assertThat(merged.path("security").get(0).has(ApiDocs.SIGNATURE_SCHEME)).isTrue();
    }

    @Test
    void requestsInARowAskTheServicesAtMostOnce() throws Exception {
        int commandBefore = commandSide.requests();
        int queryBefore = querySide.requests();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/v3/api-docs").statusCode()).isEqualTo(200);
        }
        assertThat(commandSide.requests() - commandBefore).isLessThanOrEqualTo(1);
        assertThat(querySide.requests() - queryBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void whileAServiceDoesNotAnswerTheLastGoodDocumentIsServed() throws Exception {
        String good = get("/v3/api-docs").body();
        querySide.docs = null;
        try {
            Thread.sleep(3_200); // past the 3 s this test context keeps a document fresh
            int asked = querySide.requests();
            HttpResponse<String> response = get("/v3/api-docs");
            assertThat(querySide.requests()).as("asked again").isEqualTo(asked + 1);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(good));
        } finally {
            querySide.docs = QUERY_DOCS;
        }
    }

    @Test
    void swaggerUiRendersTheGatewaysDocument() throws Exception {
        HttpResponse<String> page = get("/swagger-ui.html");
        assertThat(page.statusCode()).isEqualTo(200);
        // Every script and stylesheet the page loads is served, the Swagger UI bundle from its webjar.
        List<String> assets = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).contains("webjars/swagger-ui/swagger-ui-bundle.js", "swagger-ui-init.js");
        for (String asset : assets) {
            assertThat(get("/" + asset).statusCode()).as(asset).isEqualTo(200);
        }
        assertThat(get("/swagger-ui-init.js").body()).contains("url: \"v3/api-docs\"");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
