package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.devstack.infra.EmbeddedPostgresServer;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM under a steady write load loses nothing: the command side and then the query side are stopped the way an
 * orchestrator stops them ({@link ServiceProcess#stop()}) while a writer keeps creating groups through the gateway,
 * and started again. Every write that was acknowledged is visible afterwards, every group the event store holds is
 * in the read model exactly once, and no write failed otherwise than "unavailable" (a request cut off by a shutdown
 * that is not graceful would answer 500, or be acknowledged and then missing).
 */
class GracefulShutdownEndToEndTest {
    private final LocalSystem system = SystemUnderTest.get();
    private final SignedClient client = SystemUnderTest.client();

    @Test
    void sigtermOfEitherServiceUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        String prefix = unique("graceful");
        try (SteadyWriter writer = new SteadyWriter(prefix)) {
            writer.awaitMoreAcknowledged(10);
            restartGracefully(system.commandSide());
            writer.awaitMoreAcknowledged(10);
            restartGracefully(system.querySide());
            writer.awaitMoreAcknowledged(10);
            writer.close();

            assertThat(writer.unexpectedAnswers).as("answers other than success or 503 unavailable").isEmpty();
            assertThat(writer.unavailable.get()).as("writes refused while a service was down").isPositive();
            List<String> stored = storedGroupCodes(prefix);
            System.out.println("[graceful shutdown] acknowledged " + writer.acknowledged.size() + ", refused as unavailable "
                    + writer.unavailable.get() + ", stored " + stored.size());
            assertThat(stored).doesNotHaveDuplicates().containsAll(writer.acknowledged);
            // Also what was stored but answered "unavailable" (the answer lost in the shutdown) is published.
            List<String> readModel = awaitReadModelHolds(prefix, stored);
            assertThat(readModel).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stored);
        }
    }

    /** SIGTERM, wait until it has exited, start it again (returns once it is healthy). */
    private static void restartGracefully(ServiceProcess service) throws IOException {
        service.stop();
        assertThat(service.isAlive()).isFalse();
        // Spring's graceful shutdown finished by itself: stop() did not have to kill it after its 20 s grace.
        String log = Files.readString(service.logFile());
        String lastRun = log.substring(log.lastIndexOf("=== "));
        assertThat(lastRun).as(service.name() + " log of its last run").contains("Graceful shutdown complete");
        service.start();
    }

    /** The group codes of the read model with the prefix, once all the expected ones are there (at most 60 s). */
    private List<String> awaitReadModelHolds(String prefix, List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> codes = listGroupCodes(prefix);
        while (!codes.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            codes = listGroupCodes(prefix);
        }
        return codes;
    }

    private List<String> listGroupCodes(String prefix) {
        List<String> codes = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode data = ManagementCalls.ok(client.get("/api/v3/list-groups",
                    Map.of("keywords", prefix, "page", page, "limit", 50)));
            data.get("list").forEach(group -> codes.add(group.get("code").asText()));
            if (data.get("list").size() < 50) {
                return codes;
            }
        }
    }

    private List<String> storedGroupCodes(String prefix) throws SQLException {
        try (Connection connection = DriverManager.getConnection(system.postgres().jdbcUrl(),
                EmbeddedPostgresServer.USERNAME, EmbeddedPostgresServer.PASSWORD);
             PreparedStatement query = connection.prepareStatement("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'code' "
                     + "FROM domain_event_entry WHERE payload_type = 'dev.authz.api.event.GroupCreated' "
                     + "AND convert_from(payload, 'UTF8')::jsonb ->> 'code' LIKE ?")) {
            query.setString(1, prefix + "%");
            List<String> codes = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    codes.add(rows.getString(1));
                }
            }
            return codes;
        }
    }

    /** One thread creating groups back to back through the gateway, remembering what was acknowledged. */
    private final class SteadyWriter implements AutoCloseable {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger unavailable = new AtomicInteger();
        final List<String> unexpectedAnswers = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        SteadyWriter(String prefix) {
            thread = new Thread(() -> {
                for (int n = 0; running.get(); n++) {
                    write(prefix + "-" + n);
                }
            }, "steady-writer");
            thread.start();
        }

        private void write(String code) {
            SignedClient.Response response;
            try {
                response = client.post("/api/v3/create-group", Map.of("code", code, "name", code));
            } catch (RuntimeException e) {
                unexpectedAnswers.add(code + ": " + e);
                return;
            }
            if (response.status() == 200 && response.statusCode() == 200) {
                acknowledged.add(code);
            } else if (response.statusCode() == 503) {
                unavailable.incrementAndGet();
                ServiceProcess.sleep(Duration.ofMillis(50));
            } else {
                unexpectedAnswers.add(code + ": HTTP " + response.status() + " " + response.body());
            }
        }

        void awaitMoreAcknowledged(int more) throws InterruptedException {
            int target = acknowledged.size() + more;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.size() < target) {
                assertThat(System.nanoTime()).as("writes acknowledged: " + acknowledged.size()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
