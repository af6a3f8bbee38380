package dev.authz.gateway;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Headers that describe one HTTP connection rather than the message (RFC 9110 section 7.6.1), so a proxy
 * must not pass them on. Host and Content-Length are included too: the HTTP client sets both itself.
 */
final class HopByHopHeaders {

    private static final Set<String> ALWAYS = Set.of(
            "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
            "host", "content-length", "expect");

    private final Set<String> named;

    /** @param connectionHeaderValues the message's Connection header values, which may name further hop-by-hop headers */
    HopByHopHeaders(Collection<String> connectionHeaderValues) {
        this.named = connectionHeaderValues.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(token -> token.trim().toLowerCase(Locale.ROOT))
                .filter(token -> !token.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    boolean contains(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return ALWAYS.contains(name) || name.startsWith("proxy-") || named.contains(name);
    }
}
