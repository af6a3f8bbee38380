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
import java.time.Clock;
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
    private Clock clock = Clock.systemUTC();

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
        copy.clock = clock;
        return copy;
    }

    /** A copy that dates its signatures by this clock (stale or future dates: signature tests). */
    public SignedClient withClock(Clock signingClock) {
        SignedClient copy = new SignedClient(base.toString(), accessKeyId, secret);
        copy.extraHeaders.putAll(extraHeaders);
        copy.clock = signingClock;
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
        return send(prepare("GET", path + (query.isEmpty() ? "" : "?" + query), resource, new byte[0]));
    }

    public Response post(String path, Object body) {
        return send(preparePost(path, body));
    }

    /** A POST that also sends these headers (e.g. its own x-request-id, to find the write in the audit log later). */
    public Response post(String path, Object body, Map<String, String> headers) {
        Prepared prepared = preparePost(path, body);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            prepared = prepared.withHeader(header.getKey(), header.getValue());
        }
        return send(prepared);
    }

    /** Sends arbitrary bytes signed over {@code signedResource} (hostile-input tests). */
    public Response postRaw(String path, byte[] body, String signedResource) {
        return send(prepare("POST", path, signedResource, body));
    }

    /**
     * Sends arbitrary bytes with any content type, signed over the resource the server will compute from them
     * (so the request passes the signature check and reaches validation: hostile-input tests).
     */
    public Response postBytes(String path, byte[] body, String contentType) {
        return send(prepare("POST", path, SignatureVerifier.canonicalResource("POST", path, null, body), body)
                .withHeader("content-type", contentType));
    }

    /** A GET with a query string exactly as given (not re-encoded), signed as the server will read it. */
    public Response getRaw(String path, String rawQuery) {
        return send(prepareGetRaw(path, rawQuery));
    }

    public Prepared prepareGetRaw(String path, String rawQuery) {
        boolean hasQuery = rawQuery != null && !rawQuery.isEmpty();
        return prepare("GET", path + (hasQuery ? "?" + rawQuery : ""),
                SignatureVerifier.canonicalResource("GET", path, rawQuery, new byte[0]), new byte[0]);
    }

    /** The request {@link #post} would send, signed, for tests that tamper with it before sending. */
    public Prepared preparePost(String path, Object body) {
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
        return prepare("POST", path, resource, tree.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A signed request: {@code target} is the path and raw query, {@code signedResource} what the signature
     * covers. Nothing is sent; tamper with the result through {@link Prepared}'s {@code with*} methods.
     */
    public Prepared prepare(String method, String target, String signedResource, byte[] body) {
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC)));
        headers.put("x-authing-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
        headers.put("x-authing-signature-method", "HMAC-SHA1");
        headers.put("x-authing-signature-version", "1.0");
        headers.put("x-authing-lang", "zh-CN");
        headers.putAll(extraHeaders);
        StringBuilder toSign = new StringBuilder(method).append('\n');
        headers.forEach((name, value) -> {
            if (name.startsWith("x-authing-") || name.equals("date")) {
                toSign.append(name).append(':').append(value.trim()).append('\n');
            }
        });
        toSign.append(signedResource);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("content-type", "application/json");
        all.put("authorization", "authing " + accessKeyId + ":" + SignatureVerifier.sign(secret, toSign.toString()));
        return new Prepared(method, target, Map.copyOf(all), body);
    }

    /** A signed request ready to send; header names lower-case. Immutable: each {@code with*} is a copy. */
    public record Prepared(String method, String target, Map<String, String> headers, byte[] body) {
        public Prepared withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name.toLowerCase(), value);
            return new Prepared(method, target, copy, body);
        }

        public Prepared withoutHeader(String name) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.remove(name.toLowerCase());
            return new Prepared(method, target, copy, body);
        }

        public Prepared withBody(byte[] newBody) {
            return new Prepared(method, target, headers, newBody);
        }

        public Prepared withTarget(String newTarget) {
            return new Prepared(method, newTarget, headers, body);
        }
    }

    /** Sends a prepared request as it is (tampered or not). */
    public Response send(Prepared prepared) {
        HttpRequest.BodyPublisher body = "GET".equals(prepared.method()) && prepared.body().length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(prepared.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + prepared.target()))
                .timeout(Duration.ofSeconds(60))
                .method(prepared.method(), body);
        prepared.headers().forEach((name, value) -> {
            // java.net.http forbids setting "date" through header(); setHeader with this spelling works from 17.
            request.setHeader(name.equals("date") ? "Date" : name, value);
        });
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
