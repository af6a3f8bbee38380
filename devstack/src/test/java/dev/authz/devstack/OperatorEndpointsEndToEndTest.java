package dev.authz.devstack;

import dev.authz.kit.testing.PrometheusScrape;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator reaches besides the API, where the README says: Swagger UI and OpenAPI (each service's and the
 * gateway's merged one), Prometheus metrics.
 */
class OperatorEndpointsEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private final LocalSystem system = SystemUnderTest.get();

    @Test
    void eachServiceServesItsSwaggerUiAndOpenApiDocument() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {system.commandSide(), system.querySide()}) {
            HttpResponse<String> ui = get(service.url() + "/swagger-ui.html");
            assertThat(ui.statusCode()).as(service.name()).isEqualTo(200);
            assertThat(ui.body()).as(service.name()).contains("swagger-ui");
        }
        JsonNode writes = JsonGet.get(system.commandSide().url() + "/v3/api-docs", Map.of(), Duration.ofSeconds(30));
        JsonNode reads = JsonGet.get(system.querySide().url() + "/v3/api-docs", Map.of(), Duration.ofSeconds(30));
        assertThat(writes.path("paths").has("/api/v3/create-group")).isTrue();
        assertThat(reads.path("paths").has("/api/v3/get-group")).isTrue();
        assertThat(writes.path("info").path("title").asText()).isEqualTo("Authz command side");
        assertThat(reads.path("info").path("title").asText()).isEqualTo("Authz query side");
    }

    /**
     * The gateway's document is the two services' API operations, every one of them and nothing else: an operation
     * missing from it is one the gateway's route table sends to the other service (or not at all).
     */
    @Test
    void theGatewayServesTheWholeApiAsOneDocument() throws Exception {
        JsonNode gateway = JsonGet.get(system.gatewayUrl() + "/v3/api-docs", Map.of(), Duration.ofSeconds(30));
        Map<String, JsonNode> expected = new TreeMap<>();
        for (ServiceProcess service : new ServiceProcess[] {system.commandSide(), system.querySide()}) {
            JsonNode own = JsonGet.get(service.url() + "/v3/api-docs", Map.of(), Duration.ofSeconds(30));
            operations(own, expected, "/api/v3/");
        }
        Map<String, JsonNode> served = new TreeMap<>();
        operations(gateway, served, "");
        assertThat(expected).hasSizeGreaterThan(90);
        assertThat(served).isEqualTo(expected);
        assertThat(served.entrySet().stream().filter(operation -> operation.getValue().path("summary").asText().isBlank())
                .map(Map.Entry::getKey)).as("operations without a summary").isEmpty();
        // Every reference resolves inside the merged document.
        for (JsonNode ref : gateway.findValues("$ref")) {
            String[] parts = ref.asText().substring("#/components/".length()).split("/", 2);
            assertThat(gateway.path("components").path(parts[0]).has(parts[1])).as(ref.asText()).isTrue();
        }
        HttpResponse<String> ui = get(system.gatewayUrl() + "/swagger-ui.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js");
    }

    @Test
    void aWriteMovesTheMetricsOfAllThreeServices() throws InterruptedException {
        String gatewayWrites = "authz_gateway_upstream_requests_seconds_count";
        String commands = "authz_commands_total";
        String applied = "authz_projection_events_total";
        double gatewayBefore = PrometheusScrape.of(system.gatewayUrl()).value(gatewayWrites, "side=command", "status=200");
        double commandsBefore = PrometheusScrape.of(system.commandSide().url())
                .value(commands, "command=CreateGroup", "outcome=success");
        double appliedBefore = PrometheusScrape.of(system.querySide().url()).value(applied, "type=GroupCreated");

        ok(SystemUnderTest.client().post("/api/v3/create-group", Map.of("code", unique("scraped"), "name", "Scraped")));

        // Each is recorded as the request or batch completes: give them a moment.
        long deadline = System.nanoTime() + 5_000_000_000L;
        PrometheusScrape gateway;
        PrometheusScrape command;
        PrometheusScrape query;
        do {
            Thread.sleep(100);
            gateway = PrometheusScrape.of(system.gatewayUrl());
            command = PrometheusScrape.of(system.commandSide().url());
            query = PrometheusScrape.of(system.querySide().url());
        } while (System.nanoTime() < deadline && (gateway.value(gatewayWrites, "side=command", "status=200") == gatewayBefore
                || command.value(commands, "command=CreateGroup", "outcome=success") == commandsBefore
                || query.value(applied, "type=GroupCreated") == appliedBefore));

        assertThat(gateway.value(gatewayWrites, "side=command", "status=200") - gatewayBefore).isEqualTo(1);
        assertThat(command.value(commands, "command=CreateGroup", "outcome=success", "service=command-side")
                - commandsBefore).isEqualTo(1);
        assertThat(command.has("authz_publisher_lag_events")).isTrue();
        assertThat(query.value(applied, "type=GroupCreated", "service=query-side") - appliedBefore).isEqualTo(1);
        assertThat(query.has("authz_projection_lag_seconds_bucket")).isTrue();
        assertThat(query.has("authz_projection_dlt_total")).isTrue();
    }

    /** Adds the document's operations on paths starting with {@code prefix}, keyed {@code "method path"}. */
    private static void operations(JsonNode document, Map<String, JsonNode> into, String prefix) {
        document.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith(prefix)) {
                path.getValue().fields().forEachRemaining(
                        operation -> into.put(operation.getKey() + " " + path.getKey(), operation.getValue()));
            }
        });
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
