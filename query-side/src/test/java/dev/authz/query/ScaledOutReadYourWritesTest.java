package dev.authz.query;

import dev.authz.api.event.GroupCreated;
import dev.authz.kit.security.InternalTokenFilter;
import dev.authz.query.consistency.AppliedAnnouncements;
import dev.authz.query.consistency.AppliedSignal;
import dev.authz.query.consumer.HeldPartitions;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes on a query side of two instances: the command side's wait lands on an instance that does not
 * hold the event's partition, and is woken by the owner's announcement instead of re-reading MongoDB.
 */
class ScaledOutReadYourWritesTest extends IntegrationTestBase {
    @Autowired
    AppliedAnnouncements announcements;
    @Autowired
    HeldPartitions partitions;
    @Autowired
    MeterRegistry registry;

    @Test
    void aWaitOnAnInstanceWithoutThePartitionIsWokenByTheOwnersAnnouncement() throws Exception {
        await(partitions::all, "this instance holds every partition");
        double sentBefore = sent(registry);
        publishAndWait(group("alone"));
        assertThat(sent(registry)).as("alone, an instance announces nothing").isEqualTo(sentBefore);

        // A second instance whose consumer never starts, so it holds no partition (as when there are more instances
        // than partitions); its guard re-read is a minute away, so only an announcement can answer it in time.
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(QuerySideApplication.class).run(
                "--server.port=0",
                "--spring.kafka.listener.auto-startup=false",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--authz.mongodb.uri=" + TestMongo.uri(),
                "--authz.mongodb.database=authz-test",
                "--authz.command-side-url=" + EVENT_STORE.url(),
                "--authz.user-pools=" + POOL_A + ":secret-a",
                "--authz.internal-token=" + INTERNAL_TOKEN,
                "--authz.applied.heartbeat-interval=200ms",
                "--authz.applied.guard-interval=60s")) {
            AppliedAnnouncements secondsAnnouncements = second.getBean(AppliedAnnouncements.class);
            MeterRegistry secondsRegistry = second.getBean(MeterRegistry.class);
            await(() -> announcements.peers() > 0, "this instance heard the second one");
            // This instance's heartbeat is due only every 60 s: the second hears it because it answers a newcomer.
            await(() -> secondsAnnouncements.peers() > 0, "the second instance heard this one", 10);
            await(secondsAnnouncements::reachesThisInstance, "the second instance reads the announcements");
            assertThat(second.getBean(HeldPartitions.class).all()).isFalse();

            EventStream.Record created = events().next(group("scaled"));
            String url = "http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port")
                    + "/internal/v1/applied?positions=" + created.position() + "&timeoutMs=10000";
            CompletableFuture<HttpResponse<String>> wait = CompletableFuture.supplyAsync(() -> send(
                    HttpRequest.newBuilder(URI.create(url)).header(InternalTokenFilter.HEADER, INTERNAL_TOKEN)
                            .GET().build()));
            await(() -> second.getBean(AppliedSignal.class).waitedAggregates() > 0, "the wait has begun");
            Thread.sleep(100); // past the wait's first read of MongoDB
            events().send(created);

            HttpResponse<String> response = wait.get(15, TimeUnit.SECONDS);
            assertThat(json(response.body()).path("applied").asBoolean()).as(response.body()).isTrue();
            assertThat(answers(secondsRegistry, "signal")).isEqualTo(1);
            await(() -> sent(registry) > sentBefore, "this instance counts its announcement");
        }
    }

    private static GroupCreated group(String prefix) {
        return new GroupCreated(POOL_A, newId(), unique(prefix), "Scaled out", "", "static", null);
    }

    private static double sent(MeterRegistry registry) {
        return registry.counter("authz.applied.announcements", "direction", "sent").count();
    }

    private static double answers(MeterRegistry registry, String how) {
        return registry.counter("authz.applied.waits", "answered", how).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, 30);
    }

    private static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + seconds + " s for: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
