package dev.authz.command;

import dev.authz.command.publishing.KafkaEventPublisher;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.testing.PrometheusScrape;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.function.DoublePredicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator scrapes from {@code /actuator/prometheus}: command rate by outcome, publisher lag. */
class OperationalMetricsTest extends CommandSideTestBase {
    private static final String COMMANDS = "authz_commands_total";
    private static final String PUBLISHER_LAG = "authz_publisher_lag_events";

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void countsCommandsByTypeAndOutcome() {
        String code = unique("m");
        PrometheusScrape before = scrape();
        assertThat(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n")).statusCode()).isEqualTo(200);
        SignedClient.Response duplicate = poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        assertThat(duplicate.body().path("statusCode").asInt()).isEqualTo(409);

        PrometheusScrape after = scrape();
        assertThat(after.value(COMMANDS, "command=CreateGroup", "outcome=success", "error=none")
                - before.value(COMMANDS, "command=CreateGroup", "outcome=success", "error=none")).isEqualTo(1);
        assertThat(after.value(COMMANDS, "command=CreateGroup", "outcome=failure", "error=GROUP_CODE_EXISTS")
                - before.value(COMMANDS, "command=CreateGroup", "outcome=failure", "error=GROUP_CODE_EXISTS"))
                .isEqualTo(1);
    }

    @Test
    void publisherLagCountsStoredEventsNotYetAcknowledgedByKafka() {
        TrackingEventProcessor publisher = processing
                .eventProcessor(KafkaEventPublisher.PROCESSOR, TrackingEventProcessor.class).orElseThrow();
        awaitPublisherLag(lag -> lag == 0);
        publisher.shutDown();
        try {
            SignedClient.Response created = poolA.withHeader("x-authz-wait", "false")
                    .post("/api/v3/create-group", Map.of("code", unique("lag"), "name", "n"));
            assertThat(created.statusCode()).isEqualTo(200);
            // The group and its audit entry are stored, nothing publishes them.
            assertThat(scrape().value(PUBLISHER_LAG)).isGreaterThanOrEqualTo(2);
        } finally {
            publisher.start();
        }
        awaitPublisherLag(lag -> lag == 0);
    }

    @Test
    void thePublishersOwnConnectionPoolIsReportedBesideTheMainOne() {
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("hikaricp_connections_max", "pool=publisher")).isEqualTo(2);
        assertThat(scrape.value("hikaricp_connections_max")).as("the main pool's 16 too").isEqualTo(18);
    }

    private void awaitPublisherLag(DoublePredicate expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double lag = Double.NaN;
        while (System.nanoTime() < deadline) {
            lag = scrape().value(PUBLISHER_LAG);
            if (expected.test(lag)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("publisher lag stayed at " + lag);
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.of("http://127.0.0.1:" + port);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
