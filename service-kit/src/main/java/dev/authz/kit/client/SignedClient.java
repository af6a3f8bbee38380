package dev.authz.kit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authz.kit.security.SignatureVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A Java client that signs exactly like authing-node-sdk 4.0.1, for our tests and benchmarks (and for Java
 * users). GET parameters are sent axios-style (arrays as key[]=v); POST bodies as compact JSON.
 */
public class SignedClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String accessKeyId;
    private final String secret;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public SignedClient(String baseUrl, String accessKeyId, String secret) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    /** A copy that also sends this header on every request (e.g. x-authing-lang: en-US). */
    public SignedClient withHeader(String name, String value) {
        SignedClient copy = new SignedClient(base.toString(), accessKeyId, secret);
        copy.extraHeaders.putAll(extraHeaders);
        copy.extraHeaders.put(name.toLowerCase(), value);
        return copy;
    }

    public record Response(int status, Map<String, List<String>> headers, JsonNode body) {
        public int statusCode() {
            return body == null ? -1 : body.path("statusCode").asInt(-1);
        }

        public String message() {
            return body == null ? null : body.path("message").asText(null);
        }

        public JsonNode data() {
            return body == null ? null : body.path("data");
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    public Response get(String path, Map<String, ?> params) {
        TreeMap<String, String> signed = new TreeMap<>();
        StringBuilder query = new StringBuilder();
        params.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (value instanceof List<?> list) {
                List<String> strings = new ArrayList<>();
                for (Object item : list) {
                    strings.add(String.valueOf(item));
                    appendParam(query, key + "[]", String.valueOf(item));
                }
                signed.put(key, jsonOf(strings));
            } else {
                signed.put(key, String.valueOf(value));
                appendParam(query, key, String.valueOf(value));
            }
        });
        String resource = path + (signed.isEmpty() ? "" : "?" + join(signed));
        URI uri = URI.create(base + path + (query.isEmpty() ? "" : "?" + query));
        return send("GET", uri, resource, HttpRequest.BodyPublishers.noBody(), Map.of());
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    /** A POST that also sends these headers (e.g. its own x-request-id, to find the write in the audit log later). */
    public Response post(String path, Object body, Map<String, String> headers) {
        JsonNode tree = MAPPER.valueToTree(body);
        TreeMap<String, String> signed = new TreeMap<>();
        if (tree instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                signed.put(field.getKey(), value.isTextual() ? value.textValue() : value.toString());
            }
        }
        String resource = path + (signed.isEmpty() ? "" : "?" + join(signed));
        return send("POST", URI.create(base + path), resource,
                HttpRequest.BodyPublishers.ofByteArray(tree.toString().getBytes(StandardCharsets.UTF_8)), headers);
    }

    /** Sends arbitrary bytes signed over {@code signedResource} (hostile-input tests). */
    public Response postRaw(String path, byte[] body, String signedResource) {
        return send("POST", URI.create(base + path), signedResource, HttpRequest.BodyPublishers.ofByteArray(body),
                Map.of());
    }

    private Response send(String method, URI uri, String resource, HttpRequest.BodyPublisher body,
                          Map<String, String> requestHeaders) {
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("x-authing-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
        headers.put("x-authing-signature-method", "HMAC-SHA1");
        headers.put("x-authing-signature-version", "1.0");
        headers.put("x-authing-lang", "zh-CN");
        headers.putAll(extraHeaders);
        requestHeaders.forEach((name, value) -> headers.put(name.toLowerCase(), value));
        StringBuilder toSign = new StringBuilder(method).append('\n');
        headers.forEach((name, value) -> {
            if (name.startsWith("x-authing-") || name.equals("date")) {
                toSign.append(name).append(':').append(value.trim()).append('\n');
            }
        });
        toSign.append(resource);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body)
                .header("content-type", "application/json")
                .header("authorization", "authing " + accessKeyId + ":" + SignatureVerifier.sign(secret, toSign.toString()));
        headers.forEach((name, value) -> {
            if (!name.equals("date")) {
                request.header(name, value);
            }
        });
        // java.net.http forbids setting "date" directly on some JDKs; it is allowed from 17 via this name.
        request.setHeader("Date", headers.get("date"));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : parseOrNull(response.body());
            Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> responseHeaders.put(k.toLowerCase(), v));
            return new Response(response.statusCode(), responseHeaders, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseOrNull(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String jsonOf(List<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendParam(StringBuilder query, String key, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]"))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String join(TreeMap<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return out.toString();
    }
}
