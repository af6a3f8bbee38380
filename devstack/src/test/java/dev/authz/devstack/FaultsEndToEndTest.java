package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.authz.devstack.WriteLoad.Outcome;
import dev.authz.devstack.WriteLoad.Read;
import dev.authz.devstack.WriteLoad.Write;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.testing.ReadModelComparison;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.authz.devstack.ReadModelSnapshots.servingDatabase;
import static dev.authz.devstack.ReadModelSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost, nothing doubled: under a steady write load through the gateway (signed like the SDK, see
 * {@link WriteLoad}), one fault per test on a system of its own: the Kafka broker restarted, the query side killed,
 * the command side killed between the event append and the publish, records delivered twice, MongoDB stopped for
 * 30 s, PostgreSQL (the event store) stopped for 30 s. After each, once the query side has applied every stored event (its sequence per aggregate equals the
 * store's):
 * <ul>
 * <li>every acknowledged write is visible with the right values, and every write whose answer was lost either
 * happened or left nothing behind, as its audit entry (or its absence) says;</li>
 * <li>member counts equal what the event store says, and a read model rebuilt from the event store equals the live
 * one document by document (every event reflected exactly once);</li>
 * <li>the pool's audit log has one successful entry per acknowledged write (plus the lost answers that happened)
 * and one failed entry per refused write;</li>
 * <li>every failed write and read failed with the envelope (a 4xx business refusal, or a 503 "retry"), never a 500 or
 * a page that is not the envelope; and no record went to the dead-letter topic.</li>
 * </ul>
 * Each test writes to its own user pool, so its audit log holds exactly its own writes. What a client sees during
 * each fault is documented in docs/faults.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsEndToEndTest {
    private static final String SECRET = "fault-pool-secret";
    /** Where the Node SDK writes during the Kafka fault. */
    private static final String SDK_POOL = "fault-sdk";
    private static final List<String> POOLS = List.of("fault-kafka", "fault-query", "fault-command",
            "fault-duplicates", "fault-mongo", "fault-scaled", "fault-postgres", SDK_POOL);
    private static final int WRITERS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Acknowledged writes before a fault (the load is steady) and after the recovery (writes flow again). */
    private static final int WRITES_BEFORE = 20;
    private static final int WRITES_AFTER = 15;
    /** The official SDK gives up on a request after this long (authing-node-sdk ManagementClientOptions). */
    private static final long SDK_TIMEOUT_MILLIS = 10_000;

    private static LocalSystem system;
    private static MongoClient mongo;

    @BeforeAll
    static void start() {
        long started = System.nanoTime();
        LocalSystem.Builder builder = LocalSystem.builder().ephemeral();
        // -Dauthz.faults.data-dir=DIR keeps the data and the services' logs there after the run, for a post-mortem.
        String keep = System.getProperty("authz.faults.data-dir");
        if (keep != null && !keep.isBlank()) {
            builder.dataDir(java.nio.file.Path.of(keep));
        }
        system = builder
                .querySideInstances(2)
                .extraUserPools(POOLS.stream().map(pool -> pool + ":" + SECRET).collect(Collectors.joining(",")))
                .progress(message -> System.out.println("[faults] " + message))
                .build()
                .start();
        // The second query-side instance runs only in secondQuerySideJoinsThenCrashes: the other faults are about the
        // one instance the gateway and the command side talk to.
        system.querySides().get(1).stop();
        mongo = MongoClients.create(system.mongoUri());
        System.out.printf("[faults] system up in %d ms, logs in %s%n", (System.nanoTime() - started) / 1_000_000,
                system.dataDir().resolve("logs"));
    }

    @AfterAll
    static void stop() {
        if (mongo != null) {
            mongo.close();
        }
        if (system != null) {
            system.close();
        }
    }

    /**
     * The broker is down for 12 s: the command side keeps accepting writes (they are stored; publishing resumes
     * when the broker is back), and writes that wait for the read model answer {@code pending} meanwhile. The real
     * Node SDK writes through the same outage too (its own pool): every one of its writes succeeds and shows.
     */
    @Test
    @Order(1)
    void kafkaBrokerRestart() throws Exception {
        SdkTests.install();
        List<JsonNode> sdkWrites = new CopyOnWriteArrayList<>();
        long[] outage = new long[2];
        Verified run = underLoad("fault-kafka", load -> {
            CompletableFuture<Integer> sdk = CompletableFuture.supplyAsync(() -> SdkTests.run(SdkTests.Command.of(
                            List.of("node", "faults/sdk-writes.js"), system.gatewayUrl(), SDK_POOL, SECRET)
                    .with(Map.of("FAULT_SDK_SECONDS", "25", "FAULT_SDK_PREFIX", "sdkfault")), Duration.ofMinutes(3),
                    line -> collectJson(line, sdkWrites)));
            Thread.sleep(2_000); // the SDK writes before the fault too
            system.kafka().stop();
            outage[0] = System.currentTimeMillis();
            Thread.sleep(12_000);
            outage[1] = System.currentTimeMillis();
            system.kafka().start();
            assertThat(sdk.join()).as("sdk-tests/faults/sdk-writes.js exit status").isZero();
        });
        assertThat(run.failed()).as("no write fails while only Kafka is down").isEmpty();
        assertThat(run.pending()).as("writes that waited for the read model while the broker was down").isPositive();

        SignedClient sdkPool = new SignedClient(system.gatewayUrl(), SDK_POOL, SECRET);
        assertThat(sdkWrites).as("writes of the Node SDK")
                .allSatisfy(write -> assertThat(write.path("statusCode").asInt()).as(write.toString()).isEqualTo(200))
                .anySatisfy(write -> assertThat(write.path("startedAt").asLong()).as("sent while the broker was down")
                        .isBetween(outage[0], outage[1]));
        sdkWrites.forEach(write -> assertThat(sdkPool.get("/api/v3/get-group", Map.of("code", write.path("code").asText()))
                .data().path("name").asText()).isEqualTo(write.path("name").asText()));
        assertThat(auditLog(sdkPool, Map.of("success", true)).path("totalCount").asLong()).isEqualTo(sdkWrites.size());
        assertThat(auditLog(sdkPool, Map.of()).path("totalCount").asLong()).isEqualTo(sdkWrites.size());
    }

    /**
     * SIGKILL of the query side, twice: once under the steady load, and once more while, restarted, it works
     * through the backlog the writes built up meanwhile (killed as soon as it has applied part of it, so in the
     * middle of its batches: records applied whose offsets were not committed yet). Started again, it resumes from
     * its committed offsets and applies the redelivered records at most once in effect.
     */
    @Test
    @Order(2)
    void querySideKilledMidBatch() throws Exception {
        Verified run = underLoad("fault-query", load -> {
            system.querySide().kill();
            Thread.sleep(5_000); // writes go on: a backlog the query side has not applied
            long appliedBefore = appliedAggregates();
            CompletableFuture<Void> restarting = CompletableFuture.runAsync(() -> system.querySide().start());
            // Healthy is not enough: its consumers may still be joining the group. Wait for the first applied batch.
            long deadline = System.currentTimeMillis() + 600_000;
            while (appliedAggregates() == appliedBefore && !restarting.isCompletedExceptionally()) {
                assertThat(System.currentTimeMillis()).as("query side applying its backlog").isLessThan(deadline);
                Thread.sleep(10);
            }
            system.querySide().killWhileStarting();
            System.out.printf("[faults] fault-query: killed again after applying %d of its backlog's aggregates%n",
                    appliedAggregates() - appliedBefore);
            try {
                restarting.join();
            } catch (CompletionException expected) {
                // the start in progress fails: the process it waited for is gone
            }
            system.querySide().start();
        });
        assertThat(run.failed()).as("writes do not need the query side").isEmpty();
        assertThat(run.pending()).as("writes that could not wait for the read model").isPositive();
        assertThat(run.unavailableReads()).as("reads while the query side was down: 503 envelopes").isPositive();
    }

    /**
     * The honest version of "killed between the event append and the publish": with the broker down nothing can be
     * published, writes go on being stored, then the command side is SIGKILLed (writes in flight lose their answer).
     * After the broker and the command side are back, the publisher (its token far behind the store) publishes
     * every stored event: no gap (the query side catches up with the store), none twice in effect.
     */
    @Test
    @Order(3)
    void commandSideKilledBetweenAppendAndPublish() throws Exception {
        Verified run = underLoad("fault-command", load -> {
            system.kafka().stop();
            long storedBefore = load.count(Outcome.ACKNOWLEDGED);
            load.awaitAcknowledged(storedBefore + 10, 60_000); // stored, none of them published
            system.commandSide().kill();
            system.kafka().start();
            system.commandSide().start();
        });
        assertThat(run.failed()).as("writes while the command side was down").isNotEmpty();
        assertThat(run.failed()).allMatch(write -> write.outcome() == Outcome.UNAVAILABLE, "503 envelopes");
    }

    /**
     * Every record of the pool published so far is produced to the topic once more (same key, value and CloudEvents
     * headers, as a publisher retry would), in the middle of the load: the read model does not change.
     */
    @Test
    @Order(4)
    void recordsDeliveredTwice() throws Exception {
        Verified run = underLoad("fault-duplicates", load -> {
            int copies = reproduceRecordsOf("fault-duplicates");
            System.out.println("[faults] produced " + copies + " records of fault-duplicates a second time");
            assertThat(copies).isGreaterThanOrEqualTo(WRITES_BEFORE);
        });
        assertThat(run.failed()).isEmpty();
    }

    /**
     * MongoDB is stopped for 30 s: the consumer waits it out (nothing dead-lettered) and catches up; reads meanwhile
     * answer a 503 envelope; writes are stored and, having waited for the read model in vain, answer {@code pending}.
     */
    @Test
    @Order(5)
    void mongoDbStoppedForThirtySeconds() throws Exception {
        Verified run = underLoad("fault-mongo",
                downForThirtySeconds(system.embeddedMongo()::stop, system.embeddedMongo()::start));
        assertThat(run.failed()).as("writes do not need MongoDB").isEmpty();
        assertThat(run.pending()).isPositive();
        assertThat(run.unavailableReads()).as("reads while MongoDB was down: 503 envelopes").isPositive();
    }

    /**
     * The query side scaled out under load, then the new instance crashes. While both run they share the partitions,
     * and the writes' waits (on the first instance) end by the second one's announcements for the events it applies
     * (ADR 3). Killed, its partitions go back to the first one once the group's session timeout (10 s) passes;
     * meanwhile writes of those aggregates answer {@code pending}. The records it applied but had not committed are
     * applied again, at most once in effect.
     */
    @Test
    @Order(6)
    void secondQuerySideJoinsThenCrashes() throws Exception {
        ServiceProcess first = system.querySide();
        ServiceProcess second = system.querySides().get(1);
        double receivedBefore = appliedAnnouncements(first, "received");
        Verified run = underLoad("fault-scaled", load -> {
            second.start(); // healthy once its consumers have joined the group
            long deadline = System.currentTimeMillis() + 120_000;
            while (appliedAnnouncements(second, "sent") < 20) {
                assertThat(System.currentTimeMillis()).as("the second instance announcing").isLessThan(deadline);
                Thread.sleep(100);
            }
            second.kill();
        });
        assertThat(appliedAnnouncements(first, "received") - receivedBefore)
                .as("what the second instance applied reached the first one's waiters").isGreaterThanOrEqualTo(20);
        assertThat(run.failed()).as("writes do not need a second query side").isEmpty();
    }

    /**
     * PostgreSQL, the event store, is stopped for 30 s (fast shutdown: open connections are cut, transactions in
     * flight roll back). Writes cannot be stored: each answers the 503 envelope soon enough for the SDK's own
     * timeout to see it, and none leaves anything behind that its answer does not say. Reads need only the read
     * model and go on being served. Once the store is back, writes are accepted again and the publisher goes on
     * from its token.
     */
    @Test
    @Order(7)
    void postgresStoppedForThirtySeconds() throws Exception {
        Verified run = underLoad("fault-postgres",
                downForThirtySeconds(system.postgres()::stop, system.postgres()::start));
        assertThat(run.failed()).as("writes while the event store was down").isNotEmpty()
                .allSatisfy(write -> assertThat(write.outcome()).as(write.toString()).isEqualTo(Outcome.UNAVAILABLE))
                .allSatisfy(write -> assertThat(write.millis()).as("answered before the SDK gives up: %s", write)
                        .isLessThan(SDK_TIMEOUT_MILLIS));
        assertThat(run.unavailableReads()).as("reads do not need the event store").isZero();
    }

    /** authz_applied_announcements_total{direction} of a query-side instance. */
    private static double appliedAnnouncements(ServiceProcess querySide, String direction) {
        return JsonGet.get(querySide.url() + "/actuator/metrics/authz.applied.announcements?tag=direction:"
                + direction, Map.of(), Duration.ofSeconds(10)).path("measurements").path(0).path("value").asDouble();
    }

    @FunctionalInterface
    private interface Fault {
        void inject(WriteLoad load) throws Exception;
    }

    private static Fault downForThirtySeconds(Runnable stop, Runnable start) {
        return load -> {
            stop.run();
            Thread.sleep(30_000);
            start.run();
        };
    }

    /** What a fault test asserts on its own, beyond what every test verifies. */
    private record Verified(List<Write> failed, long pending, long unavailableReads) {
    }

    /**
     * Starts the load, injects the fault once the load is steady, lets writes flow again after the recovery, stops
     * the load, waits until the read side has caught up with the event store and verifies what the class comment
     * lists.
     */
    private static Verified underLoad(String pool, Fault fault) throws Exception {
        long started = System.nanoTime();
        SignedClient client = new SignedClient(system.gatewayUrl(), pool, SECRET);
        long deadLettersBefore = deadLetters();
        List<Write> writes;
        List<Read> reads;
        try (WriteLoad load = new WriteLoad(client, pool.substring("fault-".length(), "fault-".length() + 3), WRITERS,
                pool.hashCode())) {
            load.awaitAcknowledged(WRITES_BEFORE, 120_000);
            long faultAt = System.nanoTime();
            try {
                fault.inject(load);
            } finally {
                bringEverythingBack();
            }
            System.out.printf("[faults] %s: fault injected and recovered in %d ms%n", pool,
                    (System.nanoTime() - faultAt) / 1_000_000);
            load.awaitAcknowledged(load.count(Outcome.ACKNOWLEDGED) + WRITES_AFTER, 120_000);
            load.close();
            assertThat(load.crashes()).isEmpty();
            writes = load.writes();
            reads = load.reads();

            assertThat(select(writes, w -> w.outcome() == Outcome.UNCLEAR)).as("writes without a clear answer").isEmpty();
            assertThat(select(reads, r -> r.outcome() == Outcome.UNCLEAR)).as("reads without a clear answer").isEmpty();
            assertThat(select(writes, w -> w.outcome() == Outcome.REFUSED && !w.refusalExpected()))
                    .as("writes refused that should have been accepted").isEmpty();
            assertThat(select(writes, w -> w.outcome() == Outcome.ACKNOWLEDGED && w.refusalExpected()))
                    .as("duplicate codes accepted").isEmpty();

            StoredEvents store = awaitCaughtUp(Duration.ofMinutes(2));
            WriteLoad.Settled settled = load.settle(requestId -> auditLog(client, Map.of("requestId", requestId))
                    .path("list"));
            assertThat(load.differencesFromReads(client)).as("expected state vs reads").isEmpty();
            assertCountsMatchTheEventStore(client, store, pool);
            long acknowledged = load.count(Outcome.ACKNOWLEDGED);
            long refused = load.count(Outcome.REFUSED);
            assertThat(auditLog(client, Map.of("success", true)).path("totalCount").asLong())
                    .as("successful audit entries: acknowledged writes + lost answers that happened (%s)", settled)
                    .isEqualTo(acknowledged + settled.happened());
            assertThat(auditLog(client, Map.of("success", false)).path("totalCount").asLong())
                    .as("failed audit entries: refused writes + lost answers that were refused (%s)", settled)
                    .isEqualTo(refused + settled.refused());
            assertThat(deadLetters()).as("records dead-lettered").isEqualTo(deadLettersBefore);
            assertRebuildEqualsLive();

            long pending = writes.stream().filter(w -> "pending".equals(w.consistency())).count();
            long unavailableReads = reads.stream().filter(r -> r.outcome() == Outcome.UNAVAILABLE).count();
            System.out.printf("[faults] %s: %d writes (%d acknowledged, %d pending, %d refused as expected, %d answers "
                            + "lost: %s), %d reads (%d answered 503), %d stored events in all; %d s%n", pool,
                    writes.size(), acknowledged, pending, refused, writes.stream().filter(Write::answerLost).count(),
                    settled, reads.size(), unavailableReads, store.envelopes().size(),
                    (System.nanoTime() - started) / 1_000_000_000);
            return new Verified(select(writes, w -> w.outcome() != Outcome.ACKNOWLEDGED && !w.refusalExpected()),
                    pending, unavailableReads);
        }
    }

    /** How many aggregates the serving read model has applied events of. */
    private static long appliedAggregates() {
        return servingDatabase(mongo).getCollection("aggregate_versions").estimatedDocumentCount();
    }

    /** A fault that failed half-way must not leave the next test a broken system. */
    private static void bringEverythingBack() {
        system.postgres().start();
        system.kafka().start();
        system.embeddedMongo().start();
        system.commandSide().start();
        system.querySide().start();
    }

    /**
     * Reads the event store, then waits until the query side's applied sequence of every aggregate in it
     * ({@code aggregate_versions} of the serving generation) reaches the stored one, and until its consumer group
     * has consumed the event topic to its end.
     */
    private static StoredEvents awaitCaughtUp(Duration timeout) throws Exception {
        StoredEvents store = StoredEvents.read(system.commandSide().url(), system.internalToken());
        Map<String, Long> stored = store.lastSequences();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> behind = List.of();
        while (System.nanoTime() < deadline) {
            Map<String, Long> applied = new HashMap<>();
            servingDatabase(mongo).getCollection("aggregate_versions").find()
                    .forEach(doc -> applied.put(doc.getString("_id"), doc.get("sequence", Number.class).longValue()));
            behind = stored.entrySet().stream().filter(e -> applied.getOrDefault(e.getKey(), -1L) < e.getValue())
                    .map(e -> e.getKey() + " stored #" + e.getValue() + ", applied #" + applied.get(e.getKey())).toList();
            if (behind.isEmpty()) {
                // And nothing left in the topic (duplicates included) that could still change the read model.
                KafkaTopics.awaitConsumedToTheEnd(system, Duration.ofSeconds(60));
                return store;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(behind.size() + " of " + stored.size() + " aggregates not caught up, e.g. "
                + behind.subList(0, Math.min(5, behind.size())) + "; dead letters: " + deadLetters());
    }

    /** list-group-members and list-role-members against the member sets folded from the pool's events. */
    private static void assertCountsMatchTheEventStore(SignedClient client, StoredEvents store, String pool) {
        Map<String, Set<String>> groups = store.groupMembers(pool);
        assertThat(groups).isNotEmpty();
        groups.forEach((code, members) -> assertThat(WriteLoad.members(client, "/api/v3/list-group-members",
                Map.of("code", code, "limit", 50))).as("group " + code)
                .isEqualTo(new WriteLoad.Members(members.size(), new TreeSet<>(members))));
        store.roleUsers(pool).forEach((code, users) -> assertThat(WriteLoad.members(client, "/api/v3/list-role-members",
                Map.of("code", code, "namespace", "default", "limit", 50))).as("role " + code)
                .isEqualTo(new WriteLoad.Members(users.size(), new TreeSet<>(users))));
    }

    /**
     * Rebuilds a new read-model generation from the event store with the operator's command and compares it,
     * document by document, with the live one (which it then replaces).
     */
    private static void assertRebuildEqualsLive() throws InterruptedException {
        Map<String, List<Document>> live = snapshot(servingDatabase(mongo));
        String printed = "";
        int exit = 2;
        // Refused (2) while the consumer group still lists a member that was killed: it leaves within its session.
        for (int attempt = 0; attempt < 10 && exit == 2; attempt++) {
            if (attempt > 0) {
                Thread.sleep(3_000);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            exit = new RebuildCommand(system.querySide().url(), system.internalToken(),
                    new PrintStream(output, true, StandardCharsets.UTF_8)).run(Duration.ofMillis(500));
            printed = output.toString(StandardCharsets.UTF_8);
        }
        assertThat(exit).as(printed).isZero();
        Map<String, List<Document>> rebuilt = snapshot(servingDatabase(mongo));
        assertThat(ReadModelComparison.differences(rebuilt, live)).as("live read model vs rebuilt from the store")
                .isEmpty();
    }

    /** Keeps the lines of a script's output that are JSON objects (its results); prints the others. */
    private static void collectJson(String line, List<JsonNode> into) {
        if (!line.startsWith("{")) {
            System.out.println("[sdk] " + line);
            return;
        }
        try {
            into.add(JSON.readTree(line));
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** get-admin-audit-logs of the client's pool with this filter. */
    private static JsonNode auditLog(SignedClient client, Map<String, Object> filter) {
        SignedClient.Response response = client.post("/api/v3/get-admin-audit-logs", filter);
        assertThat(response.statusCode()).as(String.valueOf(response.body())).isEqualTo(200);
        return response.data();
    }

    private static long deadLetters() throws Exception {
        return KafkaTopics.deadLetters(system);
    }

    /** Produces every record of the pool on the topic so far once more: same key, value and headers. */
    private static int reproduceRecordsOf(String pool) throws Exception {
        String source = "/authz/pools/" + pool;
        List<ConsumerRecord<String, String>> copies = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaTopics.properties(system))) {
            List<TopicPartition> partitions = consumer.partitionsFor(system.eventsTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.currentTimeMillis()).as("reading the topic").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    Header ceSource = record.headers().lastHeader("ce_source");
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && ceSource != null && source.equals(new String(ceSource.value(), StandardCharsets.UTF_8))) {
                        copies.add(record);
                    }
                });
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTopics.properties(system))) {
            for (ConsumerRecord<String, String> record : copies) {
                producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
            }
            producer.flush();
        }
        return copies.size();
    }

    private static <T> List<T> select(List<T> items, Predicate<T> which) {
        return items.stream().filter(which).toList();
    }
}
