package dev.authz.kit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.pool.UserPools;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vectors in sdk-signature-vectors.json were produced by authing-node-sdk 4.0.1's own
 * dist/utils/buildSignature.js (and axios' URL builder for the query strings), so these tests pin our
 * verifier to the SDK's real output, not to our reading of it.
 */
class SignatureVerifierTest {
    private static final String POOL = "6123456789abcdef01234567";
    private static final Instant SIGNED_AT = Instant.parse("2026-11-23T07:30:00Z");

    private final SignatureVerifier verifier = verifierAt(SIGNED_AT.plusSeconds(60));

    private static SignatureVerifier verifierAt(Instant now) {
        return new SignatureVerifier(UserPools.parse(POOL + ":test-secret-0123456789,other:other-secret"),
                Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(15));
    }

    @Test
    void acceptsEveryRequestTheSdkSigned() throws Exception {
        for (JsonNode vector : vectors()) {
            SignatureVerifier.Outcome outcome = verifier.verify(request(vector, Map.of(), null));
            assertThat(outcome).as(vector.path("path").asText() + " " + vector.path("rawQuery").asText())
                    .isInstanceOf(SignatureVerifier.Verified.class);
            assertThat(((SignatureVerifier.Verified) outcome).poolId()).isEqualTo(POOL);
        }
    }

    @Test
    void rebuildsTheSdksStringToSign() throws Exception {
        for (JsonNode vector : vectors()) {
            SignatureVerifier.SignedRequest request = request(vector, Map.of(), null);
            String prefix = request.method() + "\n" + SignatureVerifier.canonicalHeaders(request.headers());
            assertThat(SignatureVerifier.canonicalResources(request).stream().map(r -> prefix + r))
                    .contains(vector.path("stringToSign").asText());
        }
    }

    @Test
    void refusesATamperedBody() throws Exception {
        JsonNode createGroup = vector("/api/v3/create-group");
        String tampered = createGroup.path("body").asText().replace("\"dev\"", "\"admin\"");
        assertThat(verifier.verify(request(createGroup, Map.of(), tampered)))
                .isEqualTo(new SignatureVerifier.Rejected("signature does not match"));
    }

    @Test
    void refusesATamperedQuery() throws Exception {
        JsonNode list = vectors().get(0);
        SignatureVerifier.SignedRequest original = request(list, Map.of(), null);
        SignatureVerifier.SignedRequest tampered = new SignatureVerifier.SignedRequest(original.method(),
                original.path(), original.headers(), original.rawQuery().replace("limit=10", "limit=50"), null);
        assertThat(verifier.verify(tampered)).isInstanceOf(SignatureVerifier.Rejected.class);
    }

    @Test
    void refusesATamperedSignedHeader() throws Exception {
        assertThat(verifier.verify(request(vectors().get(0), Map.of("x-authing-lang", "en-US"), null)))
                .isInstanceOf(SignatureVerifier.Rejected.class);
    }

    @Test
    void refusesStaleAndFutureDates() throws Exception {
        JsonNode vector = vectors().get(0);
        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(16))).verify(request(vector, Map.of(), null)))
                .isInstanceOf(SignatureVerifier.Rejected.class);
        assertThat(verifierAt(SIGNED_AT.minus(Duration.ofMinutes(16))).verify(request(vector, Map.of(), null)))
                .isInstanceOf(SignatureVerifier.Rejected.class);
        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(14))).verify(request(vector, Map.of(), null)))
                .isInstanceOf(SignatureVerifier.Verified.class);
    }

    @Test
    void refusesAnotherPoolsKeyAndUnknownKeys() throws Exception {
        JsonNode vector = vectors().get(0);
        String authorization = vector.path("headers").path("authorization").asText();
        assertThat(verifier.verify(request(vector, Map.of("authorization", authorization.replace(POOL, "other")), null)))
                .isEqualTo(new SignatureVerifier.Rejected("signature does not match"));
        assertThat(verifier.verify(request(vector, Map.of("authorization", authorization.replace(POOL, "nobody")), null)))
                .isEqualTo(new SignatureVerifier.Rejected("unknown accessKeyId"));
        assertThat(verifier.verify(request(vector, Map.of("authorization", "Bearer x"), null)))
                .isInstanceOf(SignatureVerifier.Rejected.class);
    }

    @Test
    void refusesABodyOfTooManyFieldsBeforeSigningIt() throws Exception {
        JsonNode createGroup = vector("/api/v3/create-group");
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i <= SignatureVerifier.MAX_BODY_FIELDS; i++) {
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        assertThat(verifier.verify(request(createGroup, Map.of(), body.append('}').toString()))).isEqualTo(
                new SignatureVerifier.Unsignable("request body has more than 256 top-level fields"));
    }

    @Test
    void signsWhatOurOwnClientSends() {
        String toSign = "POST\ndate:x\n/api/v3/create-group?code=a";
        assertThat(SignatureVerifier.sign("s", toSign))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(SignatureVerifier.hmacSha1("s", toSign)));
    }

    @Test
    void inMemoryNonceStoreRefusesReuse() {
        NonceStore store = new InMemoryNonceStore(Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        Instant later = SIGNED_AT.plusSeconds(900);
        assertThat(store.firstUse(POOL, "n1", later)).isTrue();
        assertThat(store.firstUse(POOL, "n1", later)).isFalse();
        assertThat(store.firstUse("other", "n1", later)).isTrue();
    }

    private static List<JsonNode> vectors() throws Exception {
        try (InputStream in = SignatureVerifierTest.class.getResourceAsStream("/sdk-signature-vectors.json")) {
            JsonNode all = new ObjectMapper().readTree(in);
            List<JsonNode> list = new java.util.ArrayList<>();
            all.forEach(list::add);
            return list;
        }
    }

    private static SignatureVerifier.SignedRequest request(JsonNode vector, Map<String, String> headerOverrides,
                                                           String bodyOverride) {
        Map<String, String> headers = new HashMap<>();
        vector.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        headers.putAll(headerOverrides);
        String body = bodyOverride != null ? bodyOverride : vector.path("body").isNull() ? null : vector.path("body").asText();
        return new SignatureVerifier.SignedRequest(vector.path("method").asText(), vector.path("path").asText(),
                headers, vector.path("rawQuery").isNull() ? null : vector.path("rawQuery").asText(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode vector(String path) throws Exception {
        for (JsonNode vector : vectors()) {
            if (vector.path("path").asText().equals(path)) {
                return vector;
            }
        }
        throw new IllegalArgumentException("no vector for " + path);
    }
}
