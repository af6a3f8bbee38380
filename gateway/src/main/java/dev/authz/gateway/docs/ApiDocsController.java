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
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.Logger;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/api-docs}: the OpenAPI document of everything the gateway serves, merged from the services' own
 * documents (at most every 10 s, so it is current soon after a deployment). The Swagger UI next to it
 * ({@code /swagger-ui.html}) renders it. Never half an API: while a service does not answer, the last good
 * document, and 503 before there is one.
 */
@RestController
class ApiDocsController {
    private static final Logger log = LoggerFactory.getLogger(ApiDocsController.class);
    private static final String UPSTREAM_DOCS = "/v3/api-docs";
    /** A fetch holds the other requests for the document: not for the proxy's generous upstream timeout. */
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private final RouteTable routes;
    private final GatewayProperties properties;
    private final CloseableHttpClient client;
    private final ObjectMapper json;
    private final String version;
    private final Duration freshFor;
    private JsonNode document; // guarded by this, as is fetchedAt
    private long fetchedAt;

    ApiDocsController(RouteTable routes, GatewayProperties properties, CloseableHttpClient upstreamHttpClient,
                      ObjectMapper json, @Value("${authz.gateway.api-docs-fresh-for:10s}") Duration freshFor) {
        this.routes = routes;
        this.properties = properties;
        this.client = upstreamHttpClient;
        this.json = json;
        this.freshFor = freshFor;
        String built = ApiDocsController.class.getPackage().getImplementationVersion();
        this.version = built != null ? built : "development";
    }

    @GetMapping(value = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> apiDocs(@RequestHeader(value = Headers.LANG, required = false) String lang) {
        JsonNode document = current();
        return document != null ? ResponseEntity.ok(document) : ResponseEntity.status(ErrorCode.UNAVAILABLE.statusCode())
                .body(ApiResponse.error(ErrorCode.UNAVAILABLE, null, lang, RequestId.acceptOrNew(null)));
    }

    /**
     * The merged document, fetched again at most once per {@code freshFor} whatever the traffic: the page is public,
     * and each fetch costs both services a document. While a service does not answer, the last good document is
     * served; null only until the first one.
     */
    private synchronized JsonNode current() {
        if (fetchedAt != 0 && System.nanoTime() - fetchedAt < freshFor.toNanos()) {
            return document;
        }
        fetchedAt = System.nanoTime();
        try {
            document = fetchAndMerge();
        } catch (IOException e) {
            log.warn("API documentation unavailable ({}), {}: {}", e.getMessage(),
                    document == null ? "answering 503" : "serving the last good one", e.getCause() == null
                            ? "" : e.getCause().toString());
        }
        return document;
    }

    private JsonNode fetchAndMerge() throws IOException {
        Map<Side, JsonNode> documents = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            String url = properties.baseUrlOf(side) + UPSTREAM_DOCS;
            HttpGet request = new HttpGet(url);
            request.setConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(FETCH_TIMEOUT))
                    .setResponseTimeout(Timeout.of(FETCH_TIMEOUT)).build());
            try {
                documents.put(side, client.execute(request, answer -> {
                    if (answer.getCode() != 200) {
                        throw new IOException("answered " + answer.getCode());
                    }
                    return json.readTree(answer.getEntity().getContent());
                }));
            } catch (IOException e) {
                throw new IOException(url + " of the " + side.name().toLowerCase() + " side", e);
            }
        }
        ApiDocs.Merged merged = ApiDocs.merge(json, routes, version, documents);
        merged.leftOut().stream().filter(operation -> !operation.contains(" /internal/"))
                .forEach(operation -> log.warn("API documentation: left out {}", operation));
        merged.conflicts().forEach(component -> log.warn(
                "API documentation: both services define {} differently; the command side's is shown", component));
        return merged.document();
    }
}
