package dev.authz.kit.web;

import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client's IP address behind trusted proxies. {@code X-Forwarded-For} is a list each proxy extends with
 * the address it saw, and anyone may send one, so it is read from the right: starting at the socket peer,
 * every hop that is a trusted proxy (our gateway, a load balancer in front of it) passes on to the address it
 * reported; the first address that is not a trusted proxy is the client. A request that does not come from a
 * trusted proxy is its own client, whatever header it carries.
 *
 * <p>Configured by {@code authz.trusted-proxies} ({@code AUTHZ_TRUSTED_PROXIES}): addresses or CIDR ranges,
 * comma separated; loopback by default, which is where the gateway runs in the local setup.
 */
public final class ClientAddresses {
    public static final String DEFAULT_TRUSTED = "127.0.0.0/8,::1";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> trusted;

    private ClientAddresses(List<Range> trusted) {
        this.trusted = trusted;
    }

    /** @param spec comma-separated addresses and CIDR ranges, e.g. {@code 127.0.0.0/8,::1,10.0.3.7} */
    public static ClientAddresses trusting(String spec) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("/", 2);
            byte[] network = parse(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            ranges.add(new Range(network, bits));
        }
        return new ClientAddresses(List.copyOf(ranges));
    }

    public String clientIp(HttpServletRequest request) {
        List<String> forwarded = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            Arrays.stream(header.split(",")).map(String::trim).filter(hop -> !hop.isEmpty()).forEach(forwarded::add);
        }
        String client = request.getRemoteAddr();
        for (int i = forwarded.size() - 1; i >= 0 && isTrusted(client); i--) {
            String hop = forwarded.get(i);
            if (parse(hop) == null) {
                break; // garbage in the chain: the last address a trusted hop vouched for is all we know
            }
            client = hop;
        }
        return client;
    }

    boolean isTrusted(String address) {
        byte[] bytes = parse(address);
        return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The bytes of an IP literal, or null; never a DNS lookup. */
    private static byte[] parse(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (IPV4.matcher(literal).matches()) {
            String[] octets = literal.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (!IPV6.matcher(literal).matches()) {
            return null;
        }
        try {
            // In brackets the JDK parses an IPv6 literal or fails; it never falls back to a name lookup.
            return InetAddress.getByName("[" + literal + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
