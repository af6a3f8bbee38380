package dev.authz.kit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.pool.UserPools;
import dev.authz.kit.web.ClientAddresses;
import dev.authz.kit.web.EnvelopeWriter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a signed request gets from the filter when the nonce store answers, refuses, or is down. */
class SignedRequestFilterTest {
    private static final String POOL = "pool-filter";
    private static final String SECRET = "filter-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFreshNonceReachesTheEndpoint() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter((pool, nonce, forgetAfter) -> true, chain);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void aReusedNonceIs401() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter((pool, nonce, forgetAfter) -> false, chain);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(chain.getRequest()).isNull();
    }

    /** The query side keeps its nonces in MongoDB: while it is down, reads are refused with a retryable 503 envelope. */
    @Test
    void anUnreachableNonceStoreIsA503EnvelopeNotA500() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter((pool, nonce, forgetAfter) -> {
            throw new IllegalStateException("Timed out while waiting for a server");
        }, chain);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(chain.getRequest()).as("nothing served").isNull();
        JsonNode envelope = JSON.readTree(response.getContentAsByteArray());
        assertThat(envelope.path("statusCode").asInt()).isEqualTo(503);
        assertThat(envelope.path("apiCode").asInt()).isEqualTo(50301);
        assertThat(envelope.path("message").asText()).isEqualTo("服务暂不可用，请稍后重试");
        assertThat(envelope.path("requestId").asText()).isEqualTo("req-filter-1");
    }

    @Test
    void onlyStrictUtf8BodiesPass() {
        assertThat(SignedRequestFilter.isUtf8("{\"name\":\"分组 ✓ 😀\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(SignedRequestFilter.isUtf8(new byte[0])).isTrue();
        assertThat(SignedRequestFilter.isUtf8(new byte[]{'"', 'a', (byte) 0xC0, (byte) 0xAF, '"'}))
                .as("overlong '/'").isFalse();
        assertThat(SignedRequestFilter.isUtf8(new byte[]{'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
                .as("an encoded surrogate").isFalse();
        assertThat(SignedRequestFilter.isUtf8(new byte[]{'"', (byte) 0xFF, '"'})).as("a stray byte").isFalse();
    }

    private static MockHttpServletResponse filter(NonceStore nonces, MockFilterChain chain) throws Exception {
        SignedRequestFilter filter = new SignedRequestFilter(
                new SignatureVerifier(UserPools.parse(POOL + ":" + SECRET), Clock.systemUTC(), Duration.ofMinutes(15)),
                nonces, new EnvelopeWriter(JSON), ClientAddresses.trusting(ClientAddresses.DEFAULT_TRUSTED), 1 << 20);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(signedGet("/api/v3/get-group"), response, chain);
        return response;
    }

    /** A GET without parameters, signed as the SDK signs it. */
    private static MockHttpServletRequest signedGet(String path) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("x-authing-lang", "zh-CN");
        headers.put("x-authing-signature-method", "HMAC-SHA1");
        headers.put("x-authing-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
        headers.put("x-authing-signature-version", "1.0");
        String signature = SignatureVerifier.sign(SECRET, "GET\n" + SignatureVerifier.canonicalHeaders(headers) + path);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        headers.forEach(request::addHeader);
        request.addHeader("authorization", "authing " + POOL + ":" + signature);
        request.addHeader("x-request-id", "req-filter-1");
        request.setRemoteAddr("127.0.0.1");
        return request;
    }
}
