package dev.authz.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Spreads new upstream connections over every address a service's name resolves to. Scaled out with
 * {@code docker compose up --scale query-side=3}, the name {@code query-side} resolves to three containers; the JVM
 * caches the answer (30 s by default, 5 s in the gateway) in one order, and the client connects to the first address
 * that accepts. Without this every pooled connection, hence every forwarded read, went to one replica. Each
 * connection now starts at the next address in turn; the client still falls back to the others, in order, when one
 * does not accept.
 */
final class RoundRobinDnsResolver implements DnsResolver {
    private final DnsResolver names;
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    RoundRobinDnsResolver(DnsResolver names) {
        this.names = names;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = names.resolve(host);
        if (addresses == null || addresses.length < 2) {
            return addresses;
        }
        int first = Math.floorMod(turns.computeIfAbsent(host, name -> new AtomicInteger()).getAndIncrement(),
                addresses.length);
        InetAddress[] rotated = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            rotated[i] = addresses[(first + i) % addresses.length];
        }
        return rotated;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return names.resolveCanonicalHostname(host);
    }
}
