package dev.authz.query;

import dev.authz.api.event.GroupCreated;
import dev.authz.kit.testing.PrometheusScrape;
import dev.authz.query.consumer.ProjectionListener;
import dev.authz.query.rebuild.LiveConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator scrapes from {@code /actuator/prometheus}, moving when the thing it measures happens: events
 * applied and their lag, records dead-lettered, records the consumer group is behind.
 */
class OperationalMetricsTest extends IntegrationTestBase {
    private static final String APPLIED = "authz_projection_events_total";
    private static final String LAG_BUCKET = "authz_projection_lag_seconds_bucket";
    private static final String DEAD_LETTERED = "authz_projection_dlt_total";
    private static final String CONSUMER_LAG = "authz_consumer_lag_records";
    private static final String MONGO_COMMANDS = "mongodb_driver_commands_seconds_count";

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void anAppliedEventIsCountedAndItsAgeLandsInTheLagHistogram() {
        PrometheusScrape before = scrape();
        // Stamped 2 s in the past: applied now, its lag is over 1 s and under 5 s.
        EventStream.Record record = events().next(
                new GroupCreated(POOL_A, newId(), unique("m"), "Metrics", "", "static", null),
                Instant.now().minusSeconds(2));
        events().send(record);
        assertThat(applied(record.position(), 10_000)).isTrue();

        PrometheusScrape after = await(scrape -> delta(before, scrape, APPLIED, "type=GroupCreated") >= 1);
        assertThat(delta(before, after, APPLIED, "type=GroupCreated")).isEqualTo(1);
        assertThat(delta(before, after, LAG_BUCKET, "le=5.0") - delta(before, after, LAG_BUCKET, "le=1.0"))
                .isEqualTo(1);
    }

    @Test
    void aPoisonRecordCountsOnceAsDeadLettered() throws InterruptedException {
        PrometheusScrape before = scrape();
        events().sendRaw(null, newId(), "{not json either");
        await(scrape -> delta(before, scrape, DEAD_LETTERED) >= 1);
        Thread.sleep(1_000); // a retry counted twice would show by now
        assertThat(delta(before, scrape(), DEAD_LETTERED)).isEqualTo(1);
    }

    @Test
    void consumerLagCountsRecordsTheGroupHasNotCommitted() {
        MessageListenerContainer container = listeners.getListenerContainer(ProjectionListener.CONTAINER_ID);
        await(scrape -> scrape.has(CONSUMER_LAG) && scrape.value(CONSUMER_LAG) == 0);
        container.pause();
        try {
            awaitTrue(() -> LiveConsumer.consumptionPaused(container));
            for (int i = 0; i < 3; i++) {
                events().publish(new GroupCreated(POOL_A, newId(), unique("lag"), "Lag " + i, "", "static", null));
            }
            assertThat(await(scrape -> scrape.value(CONSUMER_LAG) >= 3).value(CONSUMER_LAG)).isEqualTo(3);
        } finally {
            container.resume();
        }
        await(scrape -> scrape.value(CONSUMER_LAG) == 0);
    }

    @Test
    void mongoDbCommandsAreTimedByCommandAndCollection() {
        String[] groupFinds = {"command=find", "collection=groups", "status=SUCCESS"};
        PrometheusScrape before = scrape();
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("mc"), "Mongo metrics", "", "static", null);
        publishAndWait(group);
        for (int call = 0; call < 3; call++) {
            assertThat(poolA().get("/api/v3/get-group", Map.of("code", group.code())).statusCode())
                    .isEqualTo(200);
        }
        // get-group by code reads the group document once: three calls, three finds (not six: counted once each).
        await(scrape -> delta(before, scrape, MONGO_COMMANDS, groupFinds) >= 3);
        assertThat(delta(before, scrape(), MONGO_COMMANDS, groupFinds)).isEqualTo(3);
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String metric, String... labels) {
        return after.value(metric, labels) - before.value(metric, labels);
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.of(baseUrl());
    }

    private PrometheusScrape await(Predicate<PrometheusScrape> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        PrometheusScrape scrape = scrape();
        while (!condition.test(scrape)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metrics never got there:\n" + scrape.text());
            }
            sleep();
            scrape = scrape();
        }
        return scrape;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition never held").isLessThan(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
