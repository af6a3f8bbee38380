package dev.authz.gateway;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where the two services live and how patient the gateway is with them.
 *
 * @param commandSideUrl base URL of the command side (writes), from {@code AUTHZ_COMMAND_SIDE_URL}
 * @param querySideUrl base URL of the query side (reads), from {@code AUTHZ_QUERY_SIDE_URL}
 * @param upstreamTimeout how long one proxied request may take; writes wait for the read models, so be generous
 * @param maxRequestBody larger request bodies are refused with 413 before anything is forwarded
 * @param upstreamConnectionTtl how long a kept-alive upstream connection is reused; then the next request connects
 *     anew, to the next address of the service's name (a replica added meanwhile included)
 */
@ConfigurationProperties("authz.gateway")
public record GatewayProperties(URI commandSideUrl, URI querySideUrl, Duration upstreamTimeout, DataSize maxRequestBody,
                                Duration upstreamConnectionTtl) {

    /** The base URL of a side, without a trailing slash so that request paths can be appended as they are. */
    public String baseUrlOf(RouteTable.Side side) {
        String url = (side == RouteTable.Side.COMMAND ? commandSideUrl : querySideUrl).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
