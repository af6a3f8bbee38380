package dev.authz.kit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * One line per API or internal request ({@code POST /api/v3/create-group -> 200 in 12 ms}) with the request id,
 * and once the signature is verified the pool id, in the MDC: the id the gateway assigned ties together the
 * gateway's line, this service's lines and, through the events' metadata and the read-your-writes wait, the
 * other service's lines. The MDC keys stay set for everything logged while the request is handled.
 * Logger {@value #LOGGER}: set it to WARN to silence the request lines alone.
 */
public class RequestLogFilter extends OncePerRequestFilter {
    public static final String LOGGER = "dev.authz.requests";
    public static final String REQUEST_ID_KEY = "requestId";
    public static final String POOL_ID_KEY = "poolId";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.of(request);
        MDC.put(REQUEST_ID_KEY, requestId);
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            // Inner filters clear what they set; put the request's keys back for its own line.
            MDC.put(REQUEST_ID_KEY, requestId);
            RequestContext context = RequestContext.of(request);
            if (context != null) {
                MDC.put(POOL_ID_KEY, context.poolId());
            }
            log.info("{} {} -> {} in {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
                    (System.nanoTime() - started) / 1_000_000);
            MDC.remove(REQUEST_ID_KEY);
            MDC.remove(POOL_ID_KEY);
        }
    }
}
