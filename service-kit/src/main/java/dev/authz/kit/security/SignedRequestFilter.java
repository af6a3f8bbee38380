package dev.authz.kit.security;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.Headers;
import dev.authz.kit.web.CachedBodyRequest;
import dev.authz.kit.web.ClientAddresses;
import dev.authz.kit.web.EnvelopeWriter;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Guards {@code /api/**}: verifies the SDK signature, refuses stale dates and reused nonces (HTTP 401), caps
 * the body size (HTTP 413), and binds the {@link RequestContext} (pool, request id, language, client) that
 * scopes everything downstream. Other paths (actuator, OpenAPI) pass untouched.
 */
public class SignedRequestFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(SignedRequestFilter.class);

    private final SignatureVerifier verifier;
    private final NonceStore nonces;
    private final EnvelopeWriter envelopes;
    private final ClientAddresses clients;
    private final int maxBodyBytes;

    public SignedRequestFilter(SignatureVerifier verifier, NonceStore nonces, EnvelopeWriter envelopes,
                               ClientAddresses clients, int maxBodyBytes) {
        this.verifier = verifier;
        this.nonces = nonces;
        this.envelopes = envelopes;
        this.clients = clients;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.of(request);
        MDC.put("requestId", requestId);
        try {
            byte[] body = readBody(request);
            if (body == null) {
                answer(request, response, new ApiException(ErrorCode.PAYLOAD_TOO_LARGE));
                return;
            }
            SignatureVerifier.Outcome outcome = verifier.verify(new SignatureVerifier.SignedRequest(
                    request.getMethod(), request.getRequestURI(), lowerCaseHeaders(request),
                    request.getQueryString(), body));
            if (outcome instanceof SignatureVerifier.Unsignable unsignable) {
                answer(request, response, new ApiException(ErrorCode.MALFORMED_REQUEST, unsignable.reason()));
                return;
            }
            if (outcome instanceof SignatureVerifier.Rejected rejected) {
                refuse(request, response, rejected.reason());
                return;
            }
            SignatureVerifier.Verified verified = (SignatureVerifier.Verified) outcome;
            Boolean firstUse = firstUse(verified);
            if (firstUse == null) {
                answer(request, response, new ApiException(ErrorCode.UNAVAILABLE));
                return;
            }
            if (!firstUse) {
                refuse(request, response, "nonce already used");
                return;
            }
            MDC.put("poolId", verified.poolId());
            new RequestContext(verified.poolId(), requestId, RequestIds.lang(request), clients.clientIp(request),
                    request.getHeader("user-agent")).bindTo(request);
            response.setHeader(Headers.REQUEST_ID, requestId);
            String unstorable = "GET".equals(request.getMethod()) ? parameterWithNul(request) : null;
            if (unstorable != null) {
                // A NUL fails deep in a PostgreSQL lookup; refuse it here, as a parameter error (reads are not audited).
                answer(request, response, ApiException.invalid(unstorable, "contains a NUL character"));
                return;
            }
            if (!isUtf8(body)) {
                // Jackson would read an overlong sequence such as C0 AF as '/', and store it: no client sends one.
                answer(request, response, new ApiException(ErrorCode.MALFORMED_REQUEST, "body is not valid UTF-8"));
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body), response);
        } finally {
            MDC.remove("requestId");
            MDC.remove("poolId");
        }
    }

    /**
     * Whether the nonce is fresh; null when the nonce store cannot say (its database is down). A request whose
     * replay cannot be ruled out is not served, and the client is told to retry (503 envelope), never a bare 500.
     */
    private Boolean firstUse(SignatureVerifier.Verified verified) {
        try {
            return nonces.firstUse(verified.poolId(), verified.nonce(), verified.forgetNonceAfter());
        } catch (RuntimeException e) {
            log.warn("nonce store unavailable, answering 503: {}", e.toString());
            return null;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        log.info("refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
                clients.clientIp(request), reason);
        answer(request, response, new ApiException(ErrorCode.UNAUTHORIZED, reason));
    }

    /** The error as an envelope, with its kind's HTTP status. */
    private void answer(HttpServletRequest request, HttpServletResponse response, ApiException error)
            throws IOException {
        envelopes.write(request, response, error.code().httpStatus(), error);
    }

    /** The first query parameter whose name or value holds a NUL character, or null. */
    private static String parameterWithNul(HttpServletRequest request) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) {
                return parameter.getKey().replace('\0', '?');
            }
            for (String value : parameter.getValue()) {
                if (value.indexOf('\0') >= 0) {
                    return parameter.getKey();
                }
            }
        }
        return null;
    }

    /** Strict UTF-8: no overlong forms, no encoded surrogates, no stray bytes. */
    static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The body, or null when it is larger than allowed. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? null : body;
        }
    }

    private static Map<String, String> lowerCaseHeaders(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(), request.getHeader(name));
        }
        return headers;
    }
}
