package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain through the gateway: signed HTTP → command side → PostgreSQL → Kafka → query side →
 * MongoDB-wire server → signed HTTP reads. Every assertion is made right after the write returns: no sleeps.
 */
class GroupsEndToEndTest {
    private static final String TOPIC = "authz.events";
    private static LocalSystem system;
    private static SignedClient client;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.get();
        client = new SignedClient(system.gatewayUrl(), system.poolId(), system.poolSecret());
    }

    @Test
    void everyWriteIsVisibleToTheNextRead() {
        for (int round = 0; round < 10; round++) {
            String code = unique("ryw");
            SignedClient.Response created = client.post("/api/v3/create-group",
                    Map.of("code", code, "name", "Round " + round, "description", "d"));
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.header("x-authz-consistency")).isEqualTo("applied");
            assertThat(client.get("/api/v3/get-group", Map.of("code", code)).data().get("name").asText())
                    .isEqualTo("Round " + round);

            List<String> users = createUsers(2);
            assertThat(client.post("/api/v3/add-group-members", Map.of("code", code, "userIds", users))
                    .statusCode()).isEqualTo(200);
            JsonNode members = client.get("/api/v3/list-group-members", Map.of("code", code)).data();
            assertThat(members.get("totalCount").asInt()).isEqualTo(2);
            assertThat(ids(members.get("list"), "userId")).containsExactlyInAnyOrderElementsOf(users);
            JsonNode groupsOfUser = client.get("/api/v3/get-user-groups", Map.of("userId", users.get(0))).data();
            assertThat(ids(groupsOfUser.get("list"), "code")).contains(code);
        }
    }

    @Test
    void renameAndDeleteAreVisibleAtOnce() {
        String code = unique("old");
        String newCode = unique("new");
        client.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        SignedClient.Response renamed = client.post("/api/v3/update-group", Map.of("code", code, "newCode", newCode,
                "description", "renamed"));
        assertThat(renamed.data().get("code").asText()).isEqualTo(newCode);
        assertThat(client.get("/api/v3/get-group", Map.of("code", newCode)).data().get("description").asText())
                .isEqualTo("renamed");
        assertThat(client.get("/api/v3/get-group", Map.of("code", code)).message()).contains("分组不存在");

        client.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(newCode)));
        assertThat(client.get("/api/v3/get-group", Map.of("code", newCode)).statusCode()).isEqualTo(404);
    }

    @Test
    void deletingAUserTakesItOutOfItsGroups() {
        String code = unique("members");
        client.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        List<String> users = createUsers(3);
        client.post("/api/v3/add-group-members", Map.of("code", code, "userIds", users));

        client.post("/api/v3/delete-users-batch", Map.of("userIds", List.of(users.get(1))));
        JsonNode members = client.get("/api/v3/list-group-members", Map.of("code", code)).data();
        assertThat(members.get("totalCount").asInt()).isEqualTo(2);
        assertThat(ids(members.get("list"), "userId")).containsExactlyInAnyOrder(users.get(0), users.get(2));
        assertThat(client.get("/api/v3/get-user", Map.of("userId", users.get(1))).message()).contains("用户不存在");
    }

    @Test
    void anUnknownUserAddsNobody() {
        String code = unique("strict");
        client.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        List<String> users = createUsers(1);
        SignedClient.Response refused = client.post("/api/v3/add-group-members",
                Map.of("code", code, "userIds", List.of(users.get(0), "ffffffffffffffffffffffff")));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(client.get("/api/v3/list-group-members", Map.of("code", code)).data().get("totalCount").asInt())
                .isZero();
    }

    @Test
    void aReplayOfTheWholeTopicChangesNoCount() throws Exception {
        String code = unique("replay");
        client.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        List<String> users = createUsers(4);
        client.post("/api/v3/add-group-members", Map.of("code", code, "userIds", users));
        client.post("/api/v3/remove-group-members", Map.of("code", code, "userIds", List.of(users.get(3))));
        JsonNode before = client.get("/api/v3/list-group-members", Map.of("code", code, "limit", 50)).data();
        assertThat(before.get("totalCount").asInt()).isEqualTo(3);

        // Kill the query side (no clean shutdown), rewind its consumer group to the start, start it again:
        // every record is delivered a second time.
        system.querySide().kill();
        rewindConsumerGroup();
        system.querySide().start();

        String marker = unique("marker");
        client.post("/api/v3/create-group", Map.of("code", marker, "name", "after the replay"));
        assertThat(client.get("/api/v3/get-group", Map.of("code", marker)).statusCode()).isEqualTo(200);
        JsonNode after = client.get("/api/v3/list-group-members", Map.of("code", code, "limit", 50)).data();
        assertThat(after.get("totalCount")).isEqualTo(before.get("totalCount"));
        assertThat(ids(after.get("list"), "userId")).containsExactlyInAnyOrderElementsOf(ids(before.get("list"), "userId"));
    }

    @Test
    void aDuplicatedKafkaRecordChangesNothing() throws Exception {
        String code = unique("dup");
        String groupId = client.post("/api/v3/create-group", Map.of("code", code, "name", "n")).data()
                .get("id").asText();
        List<String> users = createUsers(2);
        client.post("/api/v3/add-group-members", Map.of("code", code, "userIds", users));
        client.post("/api/v3/remove-group-members", Map.of("code", code, "userIds", List.of(users.get(0))));

        // Publish every record of this group once more, as a publisher retry would.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafkaProperties())) {
            for (ConsumerRecord<String, String> record : recordsOf(groupId)) {
                producer.send(new ProducerRecord<>(TOPIC, null, record.key(), record.value(), record.headers())).get();
            }
        }
        String marker = unique("marker");
        client.post("/api/v3/create-group", Map.of("code", marker, "name", "after the duplicates"));
        KafkaTopics.awaitConsumedToTheEnd(system, Duration.ofSeconds(30));
        JsonNode members = client.get("/api/v3/list-group-members", Map.of("code", code)).data();
        assertThat(members.get("totalCount").asInt()).isEqualTo(1);
        assertThat(ids(members.get("list"), "userId")).containsExactly(users.get(1));
    }

    @Test
    void poolsSeeAndChangeOnlyTheirOwnGroups() {
        SignedClient poolB = new SignedClient(system.gatewayUrl(), SystemUnderTest.POOL_B_ID,
                SystemUnderTest.POOL_B_SECRET);
        String code = unique("tenant");
        client.post("/api/v3/create-group", Map.of("code", code, "name", "of A"));
        List<String> usersOfA = createUsers(1);
        client.post("/api/v3/add-group-members", Map.of("code", code, "userIds", usersOfA));

        assertThat(poolB.get("/api/v3/get-group", Map.of("code", code)).statusCode()).isEqualTo(404);
        assertThat(poolB.get("/api/v3/list-group-members", Map.of("code", code)).statusCode()).isEqualTo(404);
        assertThat(poolB.get("/api/v3/get-user", Map.of("userId", usersOfA.get(0))).statusCode()).isEqualTo(404);
        assertThat(ids(poolB.get("/api/v3/list-groups", Map.of("keywords", code)).data().get("list"), "code"))
                .isEmpty();
        assertThat(poolB.post("/api/v3/update-group", Map.of("code", code, "name", "hijacked")).statusCode())
                .isEqualTo(404);
        poolB.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(code)));

        // the same code in B is a different group; A's is untouched
        assertThat(poolB.post("/api/v3/create-group", Map.of("code", code, "name", "of B")).statusCode())
                .isEqualTo(200);
        assertThat(poolB.post("/api/v3/add-group-members", Map.of("code", code, "userIds", usersOfA)).statusCode())
                .isEqualTo(404);
        assertThat(poolB.get("/api/v3/get-group", Map.of("code", code)).data().get("name").asText())
                .isEqualTo("of B");
        assertThat(client.get("/api/v3/get-group", Map.of("code", code)).data().get("name").asText())
                .isEqualTo("of A");
        assertThat(client.get("/api/v3/list-group-members", Map.of("code", code)).data().get("totalCount").asInt())
                .isEqualTo(1);
    }

    @Test
    void healthIsUpOnlyWithTheWholeChain() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.gatewayUrl() + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private static List<String> createUsers(int count) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Map.of("username", unique("user")));
        }
        SignedClient.Response created = client.post("/api/v3/create-users-batch", Map.of("list", list));
        assertThat(created.statusCode()).as(created.message()).isEqualTo(200);
        return ids(created.data(), "userId");
    }

    private static List<String> ids(JsonNode list, String field) {
        List<String> ids = new ArrayList<>();
        list.forEach(node -> ids.add(node.get(field).asText()));
        return ids;
    }

    private static Properties kafkaProperties() {
        return KafkaTopics.properties(system);
    }

    private static List<ConsumerRecord<String, String>> recordsOf(String aggregateId) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafkaProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (aggregateId.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    private static void rewindConsumerGroup() throws Exception {
        try (Admin admin = Admin.create(kafkaProperties())) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC)
                    .partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> start = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)));
            // The killed member may still hold the group until its session times out: retry until it is empty.
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                try {
                    admin.alterConsumerGroupOffsets(KafkaTopics.CONSUMER_GROUP, start).all().get();
                    return;
                } catch (Exception e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
