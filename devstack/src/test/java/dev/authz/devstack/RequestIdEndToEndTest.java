package dev.authz.devstack;

import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request id through the whole system: the gateway logs the request under it, the command side logs the write
 * under it, and the query side logs the read-your-writes wait of that write under it (each service's log file,
 * {@code <dataDir>/logs/<service>.log}).
 */
class RequestIdEndToEndTest {
    private final LocalSystem system = SystemUnderTest.get();

    @Test
    void oneRequestIdAppearsInTheLinesOfAllThreeServices() throws InterruptedException {
        String requestId = "e2e-" + UUID.randomUUID();
        SignedClient traced = SystemUnderTest.client().withHeader("x-request-id", requestId);
        String code = unique("traced");
        SignedClient.Response created = traced.post("/api/v3/create-group", Map.of("code", code, "name", "Traced"));
        ok(created);
        assertThat(created.header("x-request-id")).isEqualTo(requestId);
        assertThat(created.body().path("requestId").asText()).isEqualTo(requestId);

        String tag = "[" + requestId + "]";
        awaitLine(system.gateway(), tag, "POST /api/v3/create-group -> command 200");
        awaitLine(system.commandSide(), tag + " [" + system.poolId() + "]", "POST /api/v3/create-group -> 200");
        awaitLine(system.querySide(), tag, "GET /internal/v1/applied -> 200");
    }

    /** Waits (the output reaches the file through a copier thread) for a line holding both parts. */
    private static void awaitLine(ServiceProcess service, String tag, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (service.logTail(2_000).lines().noneMatch(line -> line.contains(tag) && line.contains(text))) {
            assertThat(System.nanoTime()).as(service.name() + " never logged " + tag + " ... " + text)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
