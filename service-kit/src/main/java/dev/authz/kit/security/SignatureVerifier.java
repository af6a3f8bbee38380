package dev.authz.kit.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.pool.UserPools;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies the request signature of authing-node-sdk 4.0.1 ({@code src/utils/buildSignature.ts}):
 *
 * <pre>
 * stringToSign = METHOD "\n"
 *              + for each header named date or x-authing-*, sorted: name ":" value.trim() "\n"
 *              + path [ "?" key=value ("&amp;" key=value)* ]     keys sorted, values as JavaScript prints them
 * authorization: authing &lt;accessKeyId&gt;:base64(HMAC-SHA1(secret, stringToSign))
 * </pre>
 *
 * For GET the key/value pairs are the query parameters (arrays as {@code JSON.stringify}); for other methods
 * they are the top-level fields of the JSON body (strings raw, everything else as {@code JSON.stringify}).
 */
public final class SignatureVerifier {
    public static final String AUTHORIZATION = "authorization";
    public static final String DATE = "date";
    public static final String NONCE = "x-authing-signature-nonce";

    /** Array-typed query parameters of the SDK's GET methods (src/ManagementClient.ts). */
    private static final List<String> GET_ARRAY_PARAMETERS = List.of("userIds", "codeList", "codes",
            "namespaceCodes", "organizationCodeList", "resourceList", "appTypeList", "objectType", "targetType",
            "status");
    private static final Pattern AUTHORIZATION_VALUE = Pattern.compile("^authing ([^:\\s]+):(\\S+)$");
    /** Compiled once: String.replaceAll compiled it on every header of every request (a profile's hot spot). */
    private static final Pattern HEADER_WHITESPACE = Pattern.compile("[\\t\\n\\r\\f]");
    /** Mac.getInstance looks the algorithm up among the security providers each time; a Mac is reusable per thread. */
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    });
    private static final JsonFactory JSON = new JsonFactory();
    /** The most top-level fields a signed JSON body may have (the largest request DTO has fewer than 40). */
    static final int MAX_BODY_FIELDS = 256;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final UserPools pools;
    private final Clock clock;
    private final Duration maxClockSkew;

    public SignatureVerifier(UserPools pools, Clock clock, Duration maxClockSkew) {
        this.pools = pools;
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    /** What the verifier needs of a request; header names lower-case. */
    public record SignedRequest(String method, String path, Map<String, String> headers, String rawQuery,
                                byte[] body) {
    }

    public sealed interface Outcome permits Verified, Rejected, Unsignable {
    }

    /** @param forgetNonceAfter after this instant the date is stale anyway, so the nonce need not be kept */
    public record Verified(String poolId, String nonce, Instant forgetNonceAfter) implements Outcome {
    }

    public record Rejected(String reason) implements Outcome {
    }

    /** A body no endpoint takes and that is not worth signing (too many top-level fields): a 400, not a 401. */
    public record Unsignable(String reason) implements Outcome {
    }

    public Outcome verify(SignedRequest request) {
        String authorization = request.headers().get(AUTHORIZATION);
        if (authorization == null) {
            return new Rejected("missing authorization header");
        }
        Matcher matcher = AUTHORIZATION_VALUE.matcher(authorization.trim());
        if (!matcher.matches()) {
            return new Rejected("authorization header is not 'authing <accessKeyId>:<signature>'");
        }
        String poolId = matcher.group(1);
        Optional<String> secret = pools.secretOf(poolId);
        if (secret.isEmpty()) {
            return new Rejected("unknown accessKeyId");
        }
        String nonce = request.headers().get(NONCE);
        if (nonce == null || nonce.isBlank() || nonce.length() > 128) {
            return new Rejected("missing or invalid " + NONCE + " header");
        }
        Optional<Instant> date = parseDate(request.headers().get(DATE));
        if (date.isEmpty()) {
            return new Rejected("missing or unparseable date header");
        }
        Instant now = clock.instant();
        if (Duration.between(date.get(), now).abs().compareTo(maxClockSkew) > 0) {
            return new Rejected("date header is more than " + maxClockSkew.toMinutes() + " minutes off");
        }
        Set<String> resources = canonicalResources(request);
        if (resources.isEmpty()) {
            return new Unsignable("request body has more than " + MAX_BODY_FIELDS + " top-level fields");
        }
        byte[] presented = decodeBase64(matcher.group(2));
        String prefix = request.method() + "\n" + canonicalHeaders(request.headers());
        for (String resource : resources) {
            byte[] expected = hmacSha1(secret.get(), prefix + resource);
            if (presented != null && MessageDigest.isEqual(expected, presented)) {
                return new Verified(poolId, nonce, date.get().plus(maxClockSkew));
            }
        }
        return new Rejected("signature does not match");
    }

    static String canonicalHeaders(Map<String, String> headers) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(headers).forEach((name, value) -> {
            if (name.startsWith("x-authing-") || name.equals(DATE)) {
                out.append(name).append(':').append(HEADER_WHITESPACE.matcher(value).replaceAll(" ").trim()).append('\n');
            }
        });
        return out.toString();
    }

    /**
     * The canonical resource the server computes for a request sent exactly like this (the first candidate):
     * what a client must sign to send arbitrary query strings or bodies (hostile-input tests).
     */
    public static String canonicalResource(String method, String path, String rawQuery, byte[] body) {
        Set<String> candidates = canonicalResources(new SignedRequest(method, path, Map.of(), rawQuery, body));
        // None for a body of too many fields: it is refused whatever it is signed with.
        return candidates.isEmpty() ? path : candidates.iterator().next();
    }

    /**
     * The candidate canonical resources. Usually one; a few when the request alone cannot tell how the client
     * printed it (a non-compact JSON body, or an empty parameter object that the SDK prints as "path?").
     */
    static Set<String> canonicalResources(SignedRequest request) {
        Set<String> candidates = new LinkedHashSet<>();
        if ("GET".equals(request.method())) {
            TreeMap<String, String> params = queryParameters(request.rawQuery());
            candidates.add(withParameters(request.path(), params));
            if (params.isEmpty()) {
                candidates.add(request.path() + "?");
            }
            // axios sends nothing for an empty array, but the SDK signed it as key=[]: for the SDK's GET array
            // parameters that are absent, the request may have been signed with that key present.
            for (String key : GET_ARRAY_PARAMETERS) {
                if (!params.containsKey(key)) {
                    TreeMap<String, String> withEmptyArray = new TreeMap<>(params);
                    withEmptyArray.put(key, "[]");
                    candidates.add(withParameters(request.path(), withEmptyArray));
                }
            }
        } else {
            for (TreeMap<String, String> fields : bodyFieldVariants(request.body())) {
                candidates.add(withParameters(request.path(), fields));
            }
        }
        return candidates;
    }

    private static String withParameters(String path, TreeMap<String, String> params) {
        if (params.isEmpty()) {
            return path;
        }
        StringBuilder out = new StringBuilder(path).append('?');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) {
                out.append('&');
            }
            out.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return out.toString();
    }

    /** axios sends arrays as key[]=a&key[]=b; the SDK signed them as JSON.stringify(["a","b"]). */
    static TreeMap<String, String> queryParameters(String rawQuery) {
        TreeMap<String, List<String>> multi = new TreeMap<>();
        Set<String> arrays = new java.util.HashSet<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.endsWith("[]")) {
                    key = key.substring(0, key.length() - 2);
                    arrays.add(key);
                }
                multi.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        TreeMap<String, String> params = new TreeMap<>();
        multi.forEach((key, values) -> params.put(key,
                arrays.contains(key) || values.size() > 1 ? JsJson.stringify(values) : values.get(0)));
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * Top-level body fields as the SDK printed them: strings raw, other values as JSON.stringify. The
     * exact text of each value in a compact body is what JSON.stringify produced; a re-serialized compact
     * form covers clients that pretty-print. A body that is not a JSON object signs as the bare path, so a
     * correctly signed but malformed request reaches the JSON parser and gets a clear 400.
     */
    static List<TreeMap<String, String>> bodyFieldVariants(byte[] body) {
        // Every body the API takes has a few dozen top-level fields at most; a body made of a million tiny fields
        // would cost sorting and an HMAC over a huge string before anything could refuse it: none, so it is refused.
        TreeMap<String, String> raw = new TreeMap<>();
        TreeMap<String, String> compact = new TreeMap<>();
        if (body == null || body.length == 0) {
            return List.of(raw);
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return List.of(new TreeMap<>());
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (raw.size() == MAX_BODY_FIELDS) {
                    return List.of();
                }
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token == JsonToken.VALUE_STRING) {
                    raw.put(name, parser.getText());
                    compact.put(name, parser.getText());
                } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    Object tree = MAPPER.readTree(parser);
                    int end = (int) parser.currentLocation().getByteOffset();
                    raw.put(name, new String(body, start, end - start, StandardCharsets.UTF_8));
                    compact.put(name, MAPPER.writeValueAsString(tree));
                } else {
                    raw.put(name, parser.getText());
                    compact.put(name, parser.getText());
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return List.of(new TreeMap<>());
            }
        } catch (IOException | RuntimeException e) {
            return List.of(new TreeMap<>());
        }
        return raw.equals(compact) ? List.of(raw) : List.of(raw, compact);
    }

    private static Optional<Instant> parseDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] hmacSha1(String secret, String stringToSign) {
        Mac mac = HMAC_SHA1.get();
        try {
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 key refused", e);
        }
        return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature a client would send; used by our own test and benchmark clients. */
    public static String sign(String secret, String stringToSign) {
        return Base64.getEncoder().encodeToString(hmacSha1(secret, stringToSign));
    }
}
