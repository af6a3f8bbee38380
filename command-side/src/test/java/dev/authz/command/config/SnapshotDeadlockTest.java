package dev.authz.command.config;

import dev.authz.command.CommandSideTestBase;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients writing to a few groups while snapshots are due all the time. With snapshots taken on the command's
 * thread (Axon's default) the queued commands held every pooled connection while the lock holder waited for one
 * more: after the pool's timeout, HTTP 500s (no connection for the transaction) and 503s (none for the nonce check).
 * Here the pool gives up after 2 s instead of 30, so a stall shows within the run.
 *
 * <p>Its own properties make a second application context on the shared database. Closed after the class: left
 * open, its Kafka publisher (same processor name, same owner) kept moving the shared publishing token, sending
 * events to its own broker that other tests then never saw on theirs (PublisherConnectionsTest failed in CI so).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"authz.snapshot-threshold=3", "spring.datasource.hikari.connection-timeout=2000"})
class SnapshotDeadlockTest extends CommandSideTestBase {
    private static final Map<String, String> NO_WAIT = Map.of("x-authz-wait", "false");
    private static final int CLIENTS = 48;
    private static final Duration RUN = Duration.ofSeconds(12);

    @Test
    void concurrentWritesToFewGroupsNeverStallOnConnections() throws Exception {
        List<String> groups = new ArrayList<>();
        List<String> groupIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String code = unique("hot");
            groupIds.add(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n"), NO_WAIT).data()
                    .path("id").asText());
            groups.add(code);
        }
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            users.add(poolA.post("/api/v3/create-user", Map.of("username", unique("hot")), NO_WAIT).data()
                    .path("userId").asText());
        }

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        long end = System.nanoTime() + RUN.toNanos();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                SignedClient http = new SignedClient("http://127.0.0.1:" + port, "pool-a", "secret-a");
                for (int n = 0; System.nanoTime() < end; n++) {
                    String group = groups.get((client + n) % groups.size());
                    SignedClient.Response response = switch (n % 3) {
                        case 0 -> http.post("/api/v3/create-group", Map.of("code", unique("c"), "name", "n"), NO_WAIT);
                        case 1 -> http.post("/api/v3/add-group-members", Map.of("code", group,
                                "userIds", List.of(users.get((client * 7 + n) % users.size()))), NO_WAIT);
                        default -> http.post("/api/v3/update-group", Map.of("code", group, "description", "d" + n),
                                NO_WAIT);
                    };
                    statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();

        assertThat(statuses.keySet()).as("answers by HTTP status: %s", statuses).allMatch(status -> status < 500);
        assertThat(statuses.get(200).get()).as("answers by HTTP status: %s", statuses).isGreaterThan(1_000);
        Long snapshotted = jdbc.queryForObject("SELECT count(DISTINCT aggregate_identifier) FROM snapshot_event_entry "
                + "WHERE aggregate_identifier = ANY (?)", Long.class, (Object) groupIds.toArray(String[]::new));
        assertThat(snapshotted).as("the hot groups were snapshotted").isEqualTo(groupIds.size());
    }
}
