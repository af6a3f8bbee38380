package dev.authz.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Headers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards {@code /api/v3/**} to the side the {@link RouteTable} picks, byte for byte: the services verify an
 * HMAC signature over the query values and the body, so neither may be re-encoded on the way through.
 */
class ApiProxyServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(ApiProxyServlet.class);

    private final RouteTable routes;
    private final GatewayProperties properties;
    private final HttpClient client;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    ApiProxyServlet(RouteTable routes, GatewayProperties properties, HttpClient client, ObjectMapper json,
                    MeterRegistry meters) {
        this.routes = routes;
        this.properties = properties;
        this.client = client;
        this.json = json;
        this.meters = meters;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        Optional<RouteTable.Side> side = routes.route(request.getMethod(), path);
        if (side.isEmpty()) {
            writeError(request, response, ErrorCode.NOT_FOUND, path);
            return;
        }
        byte[] body = readBody(request, properties.maxRequestBody().toBytes());
        if (body == null) {
            writeError(request, response, ErrorCode.PAYLOAD_TOO_LARGE, null);
            return;
        }
        String query = request.getQueryString(); // raw, exactly as the client encoded it
        URI uri;
        try {
            uri = URI.create(properties.baseUrlOf(side.get()) + path + (query == null ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            // Tomcat let through a query the JDK's URI parser refuses.
            writeError(request, response, ErrorCode.INVALID_PARAMETER, "query");
            return;
        }
        forward(request, response, side.get(), upstreamRequest(request, uri, body));
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, RouteTable.Side side,
                         HttpRequest upstreamRequest) throws IOException {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "unavailable";
        try {
            HttpResponse<byte[]> upstream = client.send(upstreamRequest, HttpResponse.BodyHandlers.ofByteArray());
            outcome = String.valueOf(upstream.statusCode());
            copyResponse(upstream, response);
        } catch (IOException e) {
            log.warn("{} {} -> {} side unavailable: {}", request.getMethod(), request.getRequestURI(), side, e.toString());
            writeError(request, response, ErrorCode.UNAVAILABLE, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writeError(request, response, ErrorCode.UNAVAILABLE, null);
        } finally {
            sample.stop(meters.timer("authz.gateway.upstream.requests",
                    "side", side.name().toLowerCase(), "status", outcome));
        }
    }

    /** The body, or null when it is larger than {@code max} bytes (read no further than max + 1 to find out). */
    private static byte[] readBody(HttpServletRequest request, long max) throws IOException {
        if (request.getContentLengthLong() > max) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes((int) max + 1);
        return body.length > max ? null : body;
    }

    private HttpRequest upstreamRequest(HttpServletRequest request, URI uri, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(properties.upstreamTimeout())
                .method(request.getMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));

        HopByHopHeaders hopByHop = new HopByHopHeaders(Collections.list(request.getHeaders("Connection")));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (hopByHop.contains(name) || name.equalsIgnoreCase("X-Forwarded-For")
                    || name.equalsIgnoreCase("X-Forwarded-Proto")) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                builder.header(name, value);
            }
        }
        // Like nginx's $proxy_add_x_forwarded_for and $scheme: extend the client chain, state our own scheme.
        String forwardedFor = request.getHeader("X-Forwarded-For");
        builder.header("X-Forwarded-For", forwardedFor == null || forwardedFor.isBlank()
                ? request.getRemoteAddr() : forwardedFor + ", " + request.getRemoteAddr());
        builder.header("X-Forwarded-Proto", request.getScheme());
        return builder.build();
    }

    private static void copyResponse(HttpResponse<byte[]> upstream, HttpServletResponse response) throws IOException {
        response.setStatus(upstream.statusCode());
        HopByHopHeaders hopByHop = new HopByHopHeaders(upstream.headers().allValues("Connection"));
        upstream.headers().map().forEach((name, values) -> {
            if (!hopByHop.contains(name)) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        byte[] body = upstream.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void writeError(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String argument)
            throws IOException {
        ApiResponse<Void> envelope = ApiResponse.error(
                code, argument, request.getHeader(Headers.LANG), request.getHeader(Headers.REQUEST_ID));
        byte[] body = json.writeValueAsBytes(envelope);
        response.setStatus(code.statusCode());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
