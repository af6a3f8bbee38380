package dev.authz.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query side scaled out to two replicas behind one name, as {@code docker compose --scale query-side=2} gives
 * it: two servers on one port at 127.0.0.1 and 127.0.0.2, and a name that resolves to both (or, first, to one).
 * The gateway's connections must go to both, and a replica that appears later must get requests too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "authz.gateway.upstream-connection-ttl=300ms")
class ScaledOutUpstreamTest {
    private static final String NAME = "query-side.scaled.test";
    private static final Replica first = new Replica("127.0.0.1", 0);
    private static final Replica second = new Replica("127.0.0.2", first.port());
    /** What {@link #NAME} resolves to now. */
    private static volatile List<InetAddress> replicas = List.of(first.address(), second.address());

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("authz.gateway.command-side-url", () -> "http://127.0.0.1:" + first.port());
        registry.add("authz.gateway.query-side-url", () -> "http://" + NAME + ":" + first.port());
    }

    @TestConfiguration
    static class ReplicasByName {
        @Bean
        @Primary
        DnsResolver replicaNames() {
            return new RoundRobinDnsResolver(new DnsResolver() {
                @Override
                public InetAddress[] resolve(String host) throws UnknownHostException {
                    return host.equals(NAME) ? replicas.toArray(InetAddress[]::new)
                            : SystemDefaultDnsResolver.INSTANCE.resolve(host);
                }

                @Override
                public String resolveCanonicalHostname(String host) {
                    return host;
                }
            });
        }
    }

    @AfterAll
    static void stopReplicas() {
        first.server.stop(0);
        second.server.stop(0);
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void reset() throws InterruptedException {
        Thread.sleep(400); // the connections of an earlier test outlive their time to live
        first.reset();
        second.reset();
    }

    @Test
    void concurrentReadsAreSpreadOverEveryReplica() throws Exception {
        replicas = List.of(first.address(), second.address());
        int clients = 8;
        // Every replica holds its answers until all eight reads have arrived: eight connections at once.
        CountDownLatch allArrived = new CountDownLatch(clients);
        first.holdUntil = allArrived;
        second.holdUntil = allArrived;
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(threads.submit(this::read));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(first.served.get()).as("reads served by 127.0.0.1").isEqualTo(clients / 2);
        assertThat(second.served.get()).as("reads served by 127.0.0.2").isEqualTo(clients / 2);
    }

    @Test
    void aReplicaAddedLaterGetsReadsOnceKeptAliveConnectionsAreRenewed() throws Exception {
        replicas = List.of(first.address());
        for (int i = 0; i < 20; i++) {
            assertThat(read().statusCode()).isEqualTo(200);
        }
        assertThat(second.served.get()).isZero();

        replicas = List.of(first.address(), second.address());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (second.served.get() == 0 && System.nanoTime() < deadline) {
            assertThat(read().statusCode()).isEqualTo(200);
            Thread.sleep(20);
        }
        assertThat(second.served.get()).as("reads served by the replica added later").isPositive();
    }

    private HttpResponse<String> read() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v3/list-groups?page=1")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One query-side replica: counts the reads it serves, and may hold its answers until a latch opens. */
    private static final class Replica {
        final HttpServer server;
        final AtomicInteger served = new AtomicInteger();
        volatile CountDownLatch holdUntil;

        Replica(String host, int port) {
            try {
                server = HttpServer.create(new InetSocketAddress(host, port), 0);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + host + ":" + port, e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                served.incrementAndGet();
                CountDownLatch latch = holdUntil;
                if (latch != null) {
                    latch.countDown();
                    try {
                        latch.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] body = "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        InetAddress address() {
            return server.getAddress().getAddress();
        }

        void reset() {
            served.set(0);
            holdUntil = null;
        }
    }
}
