package dev.authz.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Headers;
import dev.authz.api.web.RequestId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Forwards {@code /api/v3/**} to the side the {@link RouteTable} picks, byte for byte: the services verify an
 * HMAC signature over the query values and the body, so neither may be re-encoded on the way through.
 *
 * <p>Every request gets its request id here (the caller's {@code x-request-id} when sane, else a new one): it is
 * forwarded to the service, which logs under it and stores it with the events the request causes, and it is in
 * the MDC of the gateway's own line for the request (logger {@code dev.authz.requests}).
 */
class ApiProxyServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(ApiProxyServlet.class);
    private static final Logger requestLog = LoggerFactory.getLogger("dev.authz.requests");
    private static final String REQUEST_ID_KEY = "requestId";
    private static final String ANY_OPERATION = "/api/v3/**";

    private final RouteTable routes;
    private final GatewayProperties properties;
    private final CloseableHttpClient client;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    ApiProxyServlet(RouteTable routes, GatewayProperties properties, CloseableHttpClient client, ObjectMapper json,
                    MeterRegistry meters) {
        this.routes = routes;
        this.properties = properties;
        this.client = client;
        this.json = json;
        this.meters = meters;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = RequestId.acceptOrNew(request.getHeader(Headers.REQUEST_ID));
        MDC.put(REQUEST_ID_KEY, requestId);
        long started = System.nanoTime();
        Optional<RouteTable.Side> side = Optional.empty();
        nameInHttpMetrics(request, ANY_OPERATION);
        try {
            side = routes.route(request.getMethod(), request.getRequestURI());
            proxy(request, response, side, requestId);
        } finally {
            requestLog.info("{} {} -> {} {} in {} ms", request.getMethod(), request.getRequestURI(),
                    side.map(s -> s.name().toLowerCase()).orElse("none"), response.getStatus(),
                    (System.nanoTime() - started) / 1_000_000);
            MDC.remove(REQUEST_ID_KEY);
        }
    }

    private void proxy(HttpServletRequest request, HttpServletResponse response, Optional<RouteTable.Side> side,
                       String requestId) throws IOException {
        String path = request.getRequestURI();
        if (side.isEmpty()) {
            writeError(request, response, ErrorCode.NOT_FOUND, path, requestId);
            return;
        }
        byte[] body = readBody(request, properties.maxRequestBody().toBytes());
        if (body == null) {
            writeError(request, response, ErrorCode.PAYLOAD_TOO_LARGE, null, requestId);
            return;
        }
        String query = request.getQueryString(); // raw, exactly as the client encoded it
        URI uri;
        try {
            uri = URI.create(properties.baseUrlOf(side.get()) + path + (query == null ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            // Tomcat let through a query the JDK's URI parser refuses.
            writeError(request, response, ErrorCode.INVALID_PARAMETER, "query", requestId);
            return;
        }
        forward(request, response, side.get(), upstreamRequest(request, uri, body, requestId), requestId);
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, RouteTable.Side side,
                         ClassicHttpRequest upstreamRequest, String requestId) throws IOException {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "unavailable";
        Upstream upstream;
        try {
            // Read whole, inside the client's handler (which then returns the connection to the pool), so that a
            // failure writing to our own client below is not mistaken for an unavailable service.
            upstream = client.execute(upstreamRequest, answer -> new Upstream(answer.getCode(), answer.getHeaders(),
                    answer.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(answer.getEntity())));
            outcome = String.valueOf(upstream.status());
            if (upstream.status() / 100 == 2) {
                nameInHttpMetrics(request, request.getRequestURI());
            }
        } catch (IOException e) {
            log.warn("{} {} -> {} side unavailable: {}", request.getMethod(), request.getRequestURI(), side, e.toString());
            writeError(request, response, ErrorCode.UNAVAILABLE, null, requestId);
            return;
        } finally {
            sample.stop(meters.timer("authz.gateway.upstream.requests",
                    "side", side.name().toLowerCase(), "status", outcome));
        }
        copyResponse(upstream, response, requestId);
    }

    /**
     * The {@code uri} of this request in {@code http_server_requests} (the gateway has no handler mappings, so it
     * would be UNKNOWN): the operation's path once a service answered it with success, else {@code /api/v3/**}.
     * Only a real endpoint answers 2xx, so callers cannot make up label values with paths of their own choosing.
     */
    private static void nameInHttpMetrics(HttpServletRequest request, String uri) {
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(uri));
    }

    /** A service's answer, read whole. */
    private record Upstream(int status, Header[] headers, byte[] body) {
    }

    /** The body, or null when it is larger than {@code max} bytes (read no further than max + 1 to find out). */
    private static byte[] readBody(HttpServletRequest request, long max) throws IOException {
        if (request.getContentLengthLong() > max) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes((int) max + 1);
        return body.length > max ? null : body;
    }

    /** The request as it goes to the service: the client's path and query exactly as sent (signed), its body. */
    private static ClassicHttpRequest upstreamRequest(HttpServletRequest request, URI uri, byte[] body, String requestId) {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        var upstream = new BasicClassicHttpRequest(request.getMethod(),
                new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()), target);
        if (body.length > 0) {
            upstream.setEntity(new ByteArrayEntity(body, null)); // the client's Content-Type is copied below
        }
        HopByHopHeaders hopByHop = new HopByHopHeaders(Collections.list(request.getHeaders("Connection")));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (hopByHop.contains(name) || name.equalsIgnoreCase("X-Forwarded-For")
                    || name.equalsIgnoreCase("X-Forwarded-Proto") || name.equalsIgnoreCase(Headers.REQUEST_ID)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                upstream.addHeader(name, value);
            }
        }
        // Like nginx's $proxy_add_x_forwarded_for and $scheme: extend the client chain, state our own scheme.
        String forwardedFor = request.getHeader("X-Forwarded-For");
        upstream.addHeader("X-Forwarded-For", forwardedFor == null || forwardedFor.isBlank()
                ? request.getRemoteAddr() : forwardedFor + ", " + request.getRemoteAddr());
        upstream.addHeader("X-Forwarded-Proto", request.getScheme());
        upstream.addHeader(Headers.REQUEST_ID, requestId);
        return upstream;
    }

    private static void copyResponse(Upstream upstream, HttpServletResponse response, String requestId)
            throws IOException {
        response.setStatus(upstream.status());
        HopByHopHeaders hopByHop = new HopByHopHeaders(Arrays.stream(upstream.headers())
                .filter(header -> header.getName().equalsIgnoreCase("Connection")).map(Header::getValue).toList());
        for (Header header : upstream.headers()) {
            if (!hopByHop.contains(header.getName())) {
                response.addHeader(header.getName(), header.getValue());
            }
        }
        if (!response.containsHeader(Headers.REQUEST_ID)) {
            response.setHeader(Headers.REQUEST_ID, requestId);
        }
        response.setContentLength(upstream.body().length);
        response.getOutputStream().write(upstream.body());
    }

    private void writeError(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String argument,
                            String requestId) throws IOException {
        ApiResponse<Void> envelope = ApiResponse.error(code, argument, request.getHeader(Headers.LANG), requestId);
        byte[] body = json.writeValueAsBytes(envelope);
        response.setStatus(code.statusCode());
        response.setHeader(Headers.REQUEST_ID, requestId);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
