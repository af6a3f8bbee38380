package dev.authz.devstack.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports nobody listens on, so that tests and parallel runs never collide.
 *
 * <p>A port is picked some seconds before its server binds it (the services' settings name every port up front).
 * Ports the kernel hands out to outgoing connections (its ephemeral range) could be taken in between by any
 * client socket: Kafka starting up opens dozens. That happened (2026-12-06: "Address already in use" for the
 * MongoDB-wire server). So ports come from below that range, where only explicit binds go.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    /** A loopback port that is free now and outside the kernel's range for outgoing connections. */
    public static int next() {
        int ephemeralLow = ephemeralRangeLow();
        if (ephemeralLow - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralLow);
                if (isFree(candidate)) {
                    return candidate;
                }
            }
        }
        // No room below the ephemeral range: let the OS pick (free a moment ago).
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of Linux's ephemeral range (32768 by default); elsewhere the IANA range's 49152. */
    static int ephemeralRangeLow() {
        try {
            // Not Files.readString: /proc files report a size that has nothing to do with their content.
            try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }
}
