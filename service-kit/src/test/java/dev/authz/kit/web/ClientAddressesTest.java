package dev.authz.kit.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressesTest {
    private final ClientAddresses loopbackGateway = ClientAddresses.trusting(ClientAddresses.DEFAULT_TRUSTED);

    private static MockHttpServletRequest from(String peer, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v3/create-group");
        request.setRemoteAddr(peer);
        for (String header : forwardedFor) {
            request.addHeader("X-Forwarded-For", header);
        }
        return request;
    }

    @Test
    void aDirectClientIsItsOwnAddressWhateverItClaims() {
        assertThat(loopbackGateway.clientIp(from("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(loopbackGateway.clientIp(from("198.51.100.7", "203.0.113.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void behindTheGatewayTheAddressTheGatewaySawCounts() {
        assertThat(loopbackGateway.clientIp(from("127.0.0.1", "198.51.100.7"))).isEqualTo("198.51.100.7");
        // the client forged the start of the chain; the gateway appended what it really saw
        assertThat(loopbackGateway.clientIp(from("127.0.0.1", "203.0.113.1, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(loopbackGateway.clientIp(from("127.0.0.1", "203.0.113.1", "198.51.100.7")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void trustedHopsAreWalkedFromTheRight() {
        ClientAddresses behindBalancer = ClientAddresses.trusting("10.0.3.0/24, 127.0.0.1, ::1");
        // client -> balancer 10.0.3.4 -> gateway (loopback) -> service
        assertThat(behindBalancer.clientIp(from("127.0.0.1", "203.0.113.1, 198.51.100.7, 10.0.3.4")))
                .isEqualTo("198.51.100.7");
        assertThat(behindBalancer.clientIp(from("0:0:0:0:0:0:0:1", "2001:db8::5, 10.0.3.4")))
                .isEqualTo("2001:db8::5");
        // a client on the trusted network itself, no further hops: the leftmost address
        assertThat(behindBalancer.clientIp(from("127.0.0.1", "10.0.3.9"))).isEqualTo("10.0.3.9");
    }

    @Test
    void garbageInTheChainStopsTheWalkWithoutAnyNameLookup() {
        assertThat(loopbackGateway.clientIp(from("127.0.0.1", "evil.example.com, 127.0.0.1"))).isEqualTo("127.0.0.1");
        assertThat(loopbackGateway.clientIp(from("127.0.0.1", "999.1.1.1"))).isEqualTo("127.0.0.1");
        assertThat(loopbackGateway.isTrusted("localhost")).isFalse();
        assertThat(loopbackGateway.isTrusted("::ffff:127.0.0.1")).isTrue();
    }

    @Test
    void aBadTrustedProxyListFailsAtStartup() {
        assertThatThrownBy(() -> ClientAddresses.trusting("gateway")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddresses.trusting("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
