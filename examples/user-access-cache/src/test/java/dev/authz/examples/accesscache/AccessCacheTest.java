package dev.authz.examples.accesscache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.RoleAssigned;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static dev.authz.examples.accesscache.AccessStory.OTHER_POOL;
import static dev.authz.examples.accesscache.AccessStory.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example consumer against a real Kafka broker (KRaft), fed records built as the command side publishes them:
 * the index it builds, and that no restart, crash or redelivery ever applies a record twice.
 */
@EmbeddedKafka(kraft = true, partitions = 3)
class AccessCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedKafkaBroker broker;
    private final AccessStory story = new AccessStory();
    private String topic;
    private TopicFeed feed;
    private final Map<DomainEvent, ProducerRecord<String, String>> sent = new HashMap<>();
    @TempDir
    Path dir;

    AccessCacheTest(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void topic() {
        topic = "authz.events." + UUID.randomUUID();
        broker.addTopics(new NewTopic(topic, 3, (short) 1));
        feed = new TopicFeed(broker.getBrokersAsString(), topic);
    }

    @AfterEach
    void closeFeed() {
        feed.close();
    }

    @Test
    void followsTheStreamIntoAPerUserIndexServedOverHttp() throws Exception {
        sendAll(story.firstHalf);
        sendAll(story.secondHalf);
        try (AccessCache cache = cache(CheckpointStore.file(dir.resolve("state.json")));
             HttpApi api = new HttpApi(cache, "127.0.0.1", 0, () -> story.now)) {
            catchUp(cache);
            assertExpectedIndex(cache);
            assertThat(access(cache, story.bob)).as("deleted user").isEmpty();
            assertThat(access(cache, story.eve)).as("another pool's").isEmpty();
            assertThat(members(cache, OTHER_POOL, "developers")).containsExactly(story.eve);
            assertThat(members(cache, POOL, "developers")).as("renamed to devs").isEmpty();

            JsonNode alice = get(api, "/access?pool=" + POOL + "&user=" + story.alice, 200);
            assertThat(alice.path("username").asText()).isEqualTo("alice");
            assertThat(alice.path("groups").get(0).path("code").asText()).isEqualTo("devs");
            assertThat(alice.path("roles").findValuesAsText("code")).containsExactly("administrator", "viewer");
            JsonNode dave = get(api, "/access?pool=" + POOL + "&user=" + story.dave, 200);
            assertThat(dave.path("roles").get(0).path("endTime").asLong()).isGreaterThan(story.now);
            assertThat(texts(get(api, "/who-has?pool=" + POOL + "&role=default:viewer", 200).path("users")))
                    .containsExactlyInAnyOrder(story.alice, story.carol, story.dave);
            assertThat(texts(get(api, "/who-has?pool=" + POOL + "&group=devs", 200).path("users")))
                    .containsExactly(story.alice);
            assertThat(get(api, "/access?pool=" + POOL + "&user=" + story.bob, 404).path("error").asText())
                    .contains(story.bob);
            assertThat(get(api, "/who-has?pool=" + POOL + "&role=viewer", 400).path("error").asText())
                    .contains("namespace:code");
            assertThat(get(api, "/status", 200).path("eventsApplied").asLong()).isEqualTo(feed.sent());
        }
    }

    @Test
    void aCrashBetweenApplyingAndSavingAndRedeliveriesApplyNothingTwice() {
        Path state = firstHalfSaved();
        sendAll(story.secondHalf);
        long saved = CheckpointStore.file(state).load(topic).eventsApplied;

        // Applies the second half in memory, then dies before its write: what kill -9 at that moment leaves.
        CheckpointStore crashesOnSave = new CheckpointStore() {
            @Override
            public Checkpoint load(String topic) {
                return CheckpointStore.file(state).load(topic);
            }

            @Override
            public void save(Checkpoint checkpoint) {
                throw new IllegalStateException("killed before the write");
            }
        };
        try (AccessCache crashed = cache(crashesOnSave)) {
            assertThatThrownBy(() -> pollUntilItThrows(crashed)).hasMessageContaining("killed");
            assertThat(applied(crashed)).as("serves the saved state, not half a batch")
                    .isEqualTo(saved);
        }
        assertThat(CheckpointStore.file(state).load(topic).eventsApplied).isEqualTo(saved);

        // The publisher resends (at least once): a membership after its removal, the removal, an old assignment.
        int distinct = feed.sent();
        List<ProducerRecord<String, String>> resent = List.of(sent.get(story.developersJoined),
                sent.get(story.bobLeft), sent.get(story.aliceMadeAdmin));
        resent.forEach(feed::resend);

        try (AccessCache restarted = cache(CheckpointStore.file(state))) {
            catchUp(restarted);
            assertExpectedIndex(restarted);
            assertThat(applied(restarted)).isEqualTo(distinct);
            assertThat(duplicates(restarted)).isEqualTo(resent.size());
            assertThat(access(restarted, story.bob)).isEmpty();

            try (AccessCache neverStopped = cache(CheckpointStore.file(dir.resolve("reference.json")))) {
                catchUp(neverStopped);
                assertThat(Checkpoint.json(restarted.read(c -> c.index)))
                        .isEqualTo(Checkpoint.json(neverStopped.read(c -> c.index)));
            }
        }
    }

    @Test
    void aStopAndStartResumesAfterTheLastSavedRecord() {
        Path state = firstHalfSaved();
        sendAll(story.secondHalf);
        try (AccessCache after = cache(CheckpointStore.file(state))) {
            catchUp(after);
            assertExpectedIndex(after);
            assertThat(applied(after)).isEqualTo(feed.sent());
            assertThat(duplicates(after)).isZero();
        }
    }

    @Test
    void aVersionItCannotReadStopsItBeforeAnyChange() {
        Path state = dir.resolve("state.json");
        GroupCreated group = new GroupCreated(POOL, "g1", "readers", "Readers", "", null, Map.of());
        feed.send(group);
        try (AccessCache cache = cache(CheckpointStore.file(state))) {
            catchUp(cache);
            feed.send(new RoleAssigned(POOL, "r1", "ns", "USER", List.of("u1"), null, null), 2);
            assertThatThrownBy(() -> pollUntilItThrows(cache)).isInstanceOf(Checkpoint.UnreadableVersionException.class).hasMessageContaining("RoleAssigned v2");
            assertThat(applied(cache)).isEqualTo(1);
        }
        assertThat(CheckpointStore.file(state).load(topic).index.accessOf(POOL, "u1", 0)).isEmpty();
    }

    @Test
    void aKilledProcessResumesFromItsLastSavedBatch() throws Exception {
        Path state = dir.resolve("state.json");
        sendAll(story.firstHalf);
        // Enough records for several polls (500 each at most), so the kill may land in the middle of the stream.
        for (int i = 0; i < 600; i++) {
            String passer = "passer-" + i;
            feed.send(new GroupMembersAdded(POOL, story.developers, List.of(passer)));
            feed.send(new GroupMembersRemoved(POOL, story.developers, List.of(passer), "REQUESTED"));
        }
        sendAll(story.secondHalf);

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AccessCacheMain.class.getName(),
                "--bootstrap-servers", broker.getBrokersAsString(), "--topic", topic,
                "--state-file", state.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(state) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(state).as("the child saved a batch (log: %s)", dir.resolve("child.log")).exists();
        } finally {
            process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last write
        }
        System.out.printf("killed after %d of %d events%n",
                CheckpointStore.file(state).load(topic).eventsApplied, feed.sent());

        try (AccessCache restarted = cache(CheckpointStore.file(state))) {
            catchUp(restarted);
            assertExpectedIndex(restarted);
            assertThat(applied(restarted)).isEqualTo(feed.sent());
            assertThat(members(restarted, POOL, "devs")).containsExactly(story.alice);
        }
    }

    /** The first half of the story, followed by a cache that then stopped normally; returns its state file. */
    private Path firstHalfSaved() {
        Path state = dir.resolve("state.json");
        sendAll(story.firstHalf);
        try (AccessCache cache = cache(CheckpointStore.file(state))) {
            catchUp(cache);
            assertThat(access(cache, story.alice).map(AccessStory::describe)).contains(
                    "groups=[developers] roles=[default:admin USER, ops:deployer USER]");
        }
        return state;
    }

    private void assertExpectedIndex(AccessCache cache) {
        Map<String, String> actual = story.expectedAccess().keySet().stream().collect(Collectors.toMap(
                Function.identity(), user -> access(cache, user).map(AccessStory::describe).orElse("absent")));
        assertThat(actual).isEqualTo(story.expectedAccess());
    }

    private static void pollUntilItThrows(AccessCache cache) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            cache.pollOnce(Duration.ofMillis(200));
        }
    }

    private Optional<AccessIndex.Access> access(AccessCache cache, String userId) {
        return cache.read(c -> c.index.accessOf(POOL, userId, story.now));
    }

    private static List<String> members(AccessCache cache, String pool, String groupCode) {
        return cache.read(c -> c.index.membersOf(pool, groupCode));
    }

    private static long applied(AccessCache cache) {
        return cache.read(c -> c.eventsApplied);
    }

    private static long duplicates(AccessCache cache) {
        return cache.read(c -> c.duplicatesSkipped);
    }

    private static Map<Integer, Long> offsets(AccessCache cache) {
        return cache.read(c -> Map.copyOf(c.nextOffsets));
    }

    private AccessCache cache(CheckpointStore store) {
        return new AccessCache(broker.getBrokersAsString(), topic, store);
    }

    private void sendAll(List<DomainEvent> events) {
        events.forEach(event -> sent.put(event, feed.send(event)));
    }

    /** Polls until every partition's saved offset is the end of the partition. */
    private void catchUp(AccessCache cache) {
        Map<Integer, Long> end = endOffsets();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!end.equals(offsets(cache)) && System.currentTimeMillis() < deadline) {
            cache.pollOnce(Duration.ofMillis(200));
        }
        assertThat(offsets(cache)).isEqualTo(end);
    }

    private Map<Integer, Long> endOffsets() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).entrySet().stream().filter(e -> e.getValue() > 0)
                    .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
        }
    }

    private static JsonNode get(HttpApi api, String pathAndQuery, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
