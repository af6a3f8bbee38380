package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.UserCreated;
import dev.authz.kit.security.SignatureVerifier;
import dev.authz.query.consumer.HeldPartitions;
import dev.authz.query.consumer.ProjectionListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** At-least-once delivery made exactly-once in effect, dead letters, read-your-writes and replay protection. */
class DeliveryTest extends IntegrationTestBase {
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    HeldPartitions heldPartitions;

    private record Team(GroupCreated group, List<String> userIds) {
    }

    private Team teamOf(int members) {
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("dlv"), "Delivery", "", "static", null);
        List<String> userIds = new ArrayList<>();
        publishAndWait(group);
        for (int i = 0; i < members; i++) {
            UserCreated user = new UserCreated(POOL_A, newId(), profile(Map.of("username", unique("u"))));
            publishAndWait(user);
            userIds.add(user.userId());
        }
        return new Team(group, userIds);
    }

    private JsonNode members(Team team) {
        return poolA().get("/api/v3/list-group-members", Map.of("code", team.group().code(), "limit", 50)).data();
    }

    @Test
    void aDuplicateRecordChangesNothing() {
        Team team = teamOf(4);
        EventStream.Record add = events().next(new GroupMembersAdded(POOL_A, team.group().groupId(),
                team.userIds().subList(0, 3)));
        events().send(add);
        events().send(add);
        EventStream.Record remove = events().next(new GroupMembersRemoved(POOL_A, team.group().groupId(),
                List.of(team.userIds().get(0)), GroupMembersRemoved.REQUESTED));
        events().send(remove);
        events().send(remove);
        events().send(add);
        assertThat(applied(remove.position(), 10_000)).isTrue();
        // One more event after the duplicates: once it is applied, every duplicate has been consumed too.
        publishAndWait(new GroupMembersAdded(POOL_A, team.group().groupId(), List.of(team.userIds().get(3))));

        JsonNode page = members(team);
        assertThat(page.path("totalCount").asLong()).isEqualTo(3);
        assertThat(MembershipTest.ids(page)).containsExactlyInAnyOrder(team.userIds().get(1), team.userIds().get(2),
                team.userIds().get(3));
    }

    @Test
    void replayingTheWholeTopicAfterARestartAppliesNothingTwice() throws Exception {
        Team team = teamOf(3);
        publishAndWait(new GroupMembersAdded(POOL_A, team.group().groupId(), team.userIds()),
                new GroupMembersRemoved(POOL_A, team.group().groupId(), List.of(team.userIds().get(1)),
                        GroupMembersRemoved.REQUESTED));
        JsonNode before = members(team);
        JsonNode groupsBefore = poolA().get("/api/v3/get-user-groups", Map.of("userId", team.userIds().get(0))).data();

        MessageListenerContainer container = listeners.getListenerContainer(ProjectionListener.CONTAINER_ID);
        container.stop();
        rewindConsumerGroupToTheStart();
        container.start();
        // A marker on each partition: once both are applied, everything before them was consumed again.
        List<String> markers = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            EventStream.Record marker = events().next(new GroupCreated(POOL_A, newId(), unique("mark"), "Marker",
                    "", "static", null));
            events().sendRaw(partition, marker.key(), marker.json());
            markers.add(marker.position());
        }
        assertThat(applied(String.join(",", markers), 10_000)).isTrue();

        assertThat(members(team)).isEqualTo(before);
        assertThat(before.path("totalCount").asLong()).isEqualTo(2);
        assertThat(poolA().get("/api/v3/get-user-groups", Map.of("userId", team.userIds().get(0))).data())
                .isEqualTo(groupsBefore);
    }

    private void rewindConsumerGroupToTheStart() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> start = Map.of(new TopicPartition(EventStream.TOPIC, 0),
                new OffsetAndMetadata(0), new TopicPartition(EventStream.TOPIC, 1), new OffsetAndMetadata(0));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            // The group only accepts new offsets once its members have left: retry until it is empty.
            for (int attempt = 0; ; attempt++) {
                try {
                    admin.alterConsumerGroupOffsets("authz-query-side", start).all().get();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (attempt == 50) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillApplied() {
        Team team = teamOf(0);
        events().sendRaw(null, team.group().groupId(), "{not json");
        // Same key, so same partition: once this later record is applied, the partition moved past the poison.
        publishAndWait(new GroupMembersAdded(POOL_A, team.group().groupId(), List.of()));

        Map<String, Object> props = KafkaTestUtils.consumerProps(UUID.randomUUID().toString(), "false", broker);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.subscribe(List.of(EventStream.TOPIC + ".DLT"));
            boolean found = false;
            long deadline = System.currentTimeMillis() + 10_000;
            while (!found && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if ("{not json".equals(record.value()) && team.group().groupId().equals(record.key())) {
                        assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
                        found = true;
                    }
                }
            }
            assertThat(found).isTrue();
        }
    }

    @Test
    void appliedAnswersFalseUntilTheEventIsProjectedAndNeedsTheInternalToken() {
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("ryw"), "RYW", "", "static", null);
        assertThat(applied(group.groupId() + ":0", 100)).isFalse();
        // The only instance: waiters are woken by its own listener, not by reading MongoDB every 10-50 ms.
        assertThat(heldPartitions.all()).isTrue();
        String position = events().publish(group);
        assertThat(applied(position, 10_000)).isTrue();
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", group.code())).statusCode()).isEqualTo(200);

        assertThat(internalGet("/internal/v1/applied?positions=" + position, null).statusCode()).isEqualTo(401);
        assertThat(internalGet("/internal/v1/applied?positions=" + position, "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void aReplayedNonceIsRefused() {
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String path = "/api/v3/get-all-groups";
        String toSign = "GET\ndate:" + date + "\nx-authing-lang:zh-CN\nx-authing-signature-method:HMAC-SHA1\n"
                + "x-authing-signature-nonce:" + nonce + "\nx-authing-signature-version:1.0\n" + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET()
                .header("authorization", "authing " + POOL_A + ":" + SignatureVerifier.sign("secret-a", toSign))
                .header("x-authing-lang", "zh-CN").header("x-authing-signature-method", "HMAC-SHA1")
                .header("x-authing-signature-nonce", nonce).header("x-authing-signature-version", "1.0")
                .setHeader("Date", date).build();
        assertThat(send(request).statusCode()).isEqualTo(200);
        assertThat(send(request).statusCode()).isEqualTo(401);
    }

    @Test
    void healthAndMetricsAreServedWithoutASignature() {
        publishAndWait(new GroupCreated(POOL_A, newId(), unique("m"), "Metrics", "", "static", null));
        HttpResponse<String> health = internalGet("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = json(health.body()).path("components");
        assertThat(components.path("mongo").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("projection").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("projection").path("details").path("joinedGroup").asBoolean()).isTrue();
        String metrics = internalGet("/actuator/prometheus", null).body();
        assertThat(metrics).contains("authz_projection_events_total{", "type=\"GroupCreated\"",
                "authz_projection_lag_seconds", "authz_projection_dlt_total");
    }
}
