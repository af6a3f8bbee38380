package dev.authz.gateway.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Headers;
import dev.authz.api.web.RequestId;
import dev.authz.gateway.GatewayProperties;
import dev.authz.gateway.RouteTable;
import dev.authz.gateway.RouteTable.Side;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/api-docs}: the OpenAPI document of everything the gateway serves, merged from the services' own
 * documents on each request (rare, and always current after a deployment). The Swagger UI next to it
 * ({@code /swagger-ui.html}) renders it. When a service does not answer, the answer is 503 rather than half an API.
 */
@RestController
class ApiDocsController {
    private static final Logger log = LoggerFactory.getLogger(ApiDocsController.class);
    private static final String UPSTREAM_DOCS = "/v3/api-docs";

    private final RouteTable routes;
    private final GatewayProperties properties;
    private final CloseableHttpClient client;
    private final ObjectMapper json;
    private final String version;

    ApiDocsController(RouteTable routes, GatewayProperties properties, CloseableHttpClient upstreamHttpClient,
                      ObjectMapper json) {
        this.routes = routes;
        this.properties = properties;
        this.client = upstreamHttpClient;
        this.json = json;
        String built = ApiDocsController.class.getPackage().getImplementationVersion();
        this.version = built != null ? built : "development";
    }

    @GetMapping(value = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> apiDocs(@RequestHeader(value = Headers.LANG, required = false) String lang) {
        Map<Side, JsonNode> documents = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            String url = properties.baseUrlOf(side) + UPSTREAM_DOCS;
            try {
                documents.put(side, client.execute(new HttpGet(url), answer -> {
                    if (answer.getCode() != 200) {
                        throw new IOException("answered " + answer.getCode());
                    }
                    return json.readTree(answer.getEntity().getContent());
                }));
            } catch (IOException e) {
                log.warn("API documentation unavailable: {} ({}): {}", url, side, e.toString());
                return ResponseEntity.status(ErrorCode.UNAVAILABLE.statusCode())
                        .body(ApiResponse.error(ErrorCode.UNAVAILABLE, null, lang, RequestId.acceptOrNew(null)));
            }
        }
        ApiDocs.Merged merged = ApiDocs.merge(json, routes, version, documents);
        merged.leftOut().stream().filter(operation -> !operation.contains(" /internal/"))
                .forEach(operation -> log.warn("API documentation: left out {}", operation));
        merged.conflicts().forEach(component -> log.warn(
                "API documentation: both services define {} differently; the command side's is shown", component));
        return ResponseEntity.ok(merged.document());
    }
}
