package dev.authz.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.client.SignedClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write side over sockets: signed HTTP in, a real PostgreSQL 17 event store and lookup tables, a real
 * Kafka broker (KRaft) out. No query side runs here, so writes answer with {@code x-authz-consistency:
 * pending}; the whole chain is tested in the devstack module.
 */
class CommandSideIntegrationTest extends CommandSideTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createGroupAppendsAJsonEventAndPublishesItWithCloudEventsHeaders() throws Exception {
        String code = unique("grp");
        SignedClient.Response response = poolA.post("/api/v3/create-group",
                Map.of("code", code, "name", "Group", "description", "d"));
        assertThat(response.statusCode()).isEqualTo(200);
        String groupId = response.data().get("id").asText();
        assertThat(response.data().get("code").asText()).isEqualTo(code);
        assertThat(response.header("x-authz-consistency")).isEqualTo("pending");

        Map<String, Object> stored = jdbc.queryForMap("SELECT payload_type, payload_revision, "
                + "convert_from(payload, 'UTF8') AS payload, convert_from(meta_data, 'UTF8') AS meta "
                + "FROM domain_event_entry WHERE aggregate_identifier = ?", groupId);
        assertThat(stored.get("payload_type")).isEqualTo("dev.authz.api.event.GroupCreated");
        assertThat(stored.get("payload_revision")).isEqualTo("1");
        assertThat(JSON.readTree((String) stored.get("payload")).get("code").asText()).isEqualTo(code);
        assertThat(JSON.readTree((String) stored.get("meta")).get("poolId").asText()).isEqualTo("pool-a");

        ConsumerRecord<String, String> record = published(groupId).get(0);
        JsonNode envelope = JSON.readTree(record.value());
        assertThat(envelope.get("type").asText()).isEqualTo("GroupCreated");
        assertThat(envelope.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(envelope.get("sequence").asLong()).isZero();
        assertThat(envelope.get("poolId").asText()).isEqualTo("pool-a");
        assertThat(envelope.get("metadata").get("requestId").asText()).isNotBlank();
        assertThat(envelope.get("data").get("code").asText()).isEqualTo(code);
        assertThat(header(record, "ce_type")).isEqualTo("dev.authz.GroupCreated.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/authz/pools/pool-a");
        assertThat(header(record, "ce_id")).isEqualTo(envelope.get("eventId").asText());
        assertThat(header(record, "ce_subject")).isEqualTo("group/" + groupId);
        assertThat(header(record, "ce_time")).isNotBlank();
    }

    @Test
    void twentyParallelCreatesOfOneCodeLeaveExactlyOneGroup() throws Exception {
        String code = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<SignedClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n")));
            }
            List<SignedClient.Response> responses = new ArrayList<>();
            for (Future<SignedClient.Response> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
            assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
            assertThat(responses).filteredOn(r -> r.statusCode() != 200)
                    .allSatisfy(r -> {
                        assertThat(r.status()).isEqualTo(200);
                        assertThat(r.statusCode()).isEqualTo(409);
                        assertThat(r.message()).contains("分组标识符已存在");
                    });
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM code_registry WHERE kind = 'GROUP' AND pool_id = 'pool-a' AND code = ?",
                Integer.class, code)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                + "'%GroupCreated' AND convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%\"" + code + "\"%"))
                .isEqualTo(1);
    }

    @Test
    void aBatchIsAllOrNothing() {
        String taken = unique("taken");
        String fresh = unique("fresh");
        SignedClient.Response created = poolA.post("/api/v3/create-groups-batch", Map.of("list", List.of(
                Map.of("code", taken, "name", "first"), Map.of("code", unique("second"), "name", "second"))));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.data()).hasSize(2);
        assertThat(created.data().get(0).get("code").asText()).isEqualTo(taken);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)",
                Integer.class, created.data().get(0).get("id").asText(), created.data().get(1).get("id").asText()))
                .isEqualTo(2);

        SignedClient.Response batch = poolA.post("/api/v3/create-groups-batch", Map.of("list", List.of(
                Map.of("code", fresh, "name", "n"), Map.of("code", taken, "name", "n"))));
        assertThat(batch.statusCode()).isEqualTo(409);
        assertThat(batch.message()).contains("分组标识符已存在");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM code_registry WHERE kind = 'GROUP' AND code = ?", Integer.class, fresh))
                .isZero();
    }

    @Test
    void renameMovesTheCodeInTheSameTransaction() {
        String code = unique("old");
        String newCode = unique("new");
        String other = unique("other");
        poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        poolA.post("/api/v3/create-group", Map.of("code", other, "name", "n"));

        SignedClient.Response clash = poolA.post("/api/v3/update-group", Map.of("code", code, "newCode", other));
        assertThat(clash.statusCode()).isEqualTo(409);

        SignedClient.Response renamed = poolA.post("/api/v3/update-group", Map.of("code", code, "newCode", newCode));
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(renamed.data().get("code").asText()).isEqualTo(newCode);
        assertThat(renamed.data().get("name").asText()).isEqualTo("n");
        // the old code is free again
        assertThat(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n")).statusCode()).isEqualTo(200);
    }

    @Test
    void poolsAreIsolated() {
        String code = unique("shared");
        assertThat(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "A")).statusCode()).isEqualTo(200);
        assertThat(poolB.post("/api/v3/create-group", Map.of("code", code, "name", "B")).statusCode()).isEqualTo(200);
        String userInA = poolA.post("/api/v3/create-user", Map.of("username", unique("u"))).data()
                .get("userId").asText();

        // B cannot add A's user to its group, nor touch A's group through its code
        SignedClient.Response crossUser = poolB.post("/api/v3/add-group-members",
                Map.of("code", code, "userIds", List.of(userInA)));
        assertThat(crossUser.statusCode()).isEqualTo(404);
        assertThat(poolB.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(code))).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM code_registry WHERE kind = 'GROUP' AND pool_id = 'pool-a' AND code = ?",
                Integer.class, code)).isEqualTo(1);
        assertThat(poolA.post("/api/v3/add-group-members", Map.of("code", code, "userIds", List.of(userInA)))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAUserRemovesItsMembershipsWithEvents() throws Exception {
        String code = unique("members");
        String groupId = poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n")).data()
                .get("id").asText();
        JsonNode users = poolA.post("/api/v3/create-users-batch", Map.of("list", List.of(
                Map.of("username", unique("a")), Map.of("email", unique("b") + "@example.com")))).data();
        String first = users.get(0).get("userId").asText();
        String second = users.get(1).get("userId").asText();

        SignedClient.Response unknown = poolA.post("/api/v3/add-group-members",
                Map.of("code", code, "userIds", List.of(first, "ffffffffffffffffffffffff")));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(members(groupId)).isZero();

        poolA.post("/api/v3/add-group-members", Map.of("code", code, "userIds", List.of(first, second)));
        poolA.post("/api/v3/add-group-members", Map.of("code", code, "userIds", List.of(first)));
        assertThat(members(groupId)).isEqualTo(2);

        assertThat(poolA.post("/api/v3/delete-users-batch", Map.of("userIds", List.of(first))).statusCode())
                .isEqualTo(200);
        assertThat(members(groupId)).isEqualTo(1);
        List<String> types = published(groupId).stream().map(r -> header(r, "ce_type")).toList();
        assertThat(types).containsExactly("dev.authz.GroupCreated.v1", "dev.authz.GroupMembersAdded.v1",
                "dev.authz.GroupMembersRemoved.v1");
    }

    @Test
    void namespacesAreCreatedRenamedAndDeletedByCode() {
        String code = unique("ns");
        String renamed = unique("ns");
        SignedClient.Response batch = poolA.post("/api/v3/create-namespaces-batch", Map.of("list", List.of(
                Map.of("code", code, "name", "N"), Map.of("code", unique("ns"), "name", "M"))));
        assertThat(batch.statusCode()).as(batch.message()).isEqualTo(200);
        SignedClient.Response updated = poolA.post("/api/v3/update-namespace",
                Map.of("code", code, "name", "Renamed", "newCode", renamed));
        assertThat(updated.statusCode()).as(updated.message()).isEqualTo(200);
        assertThat(updated.data().get("code").asText()).isEqualTo(renamed);
        assertThat(poolA.post("/api/v3/update-namespace", Map.of("code", renamed, "newCode", "额！")).message())
                .isEqualTo("invalid namespace code: 额！");
        assertThat(poolA.post("/api/v3/delete-namespace", Map.of("code", code)).message()).isEqualTo("权限组不存在");
        assertThat(poolA.post("/api/v3/delete-namespace", Map.of("code", renamed)).statusCode()).isEqualTo(200);
        assertThat(poolA.post("/api/v3/delete-namespace", Map.of("code", "default")).statusCode()).isEqualTo(400);
    }

    @Test
    void badInputIsAClearErrorAndWritesNothing() {
        long before = domainEvents();
        assertThat(poolA.post("/api/v3/create-group", Map.of("code", "x".repeat(65), "name", "n")).message())
                .isEqualTo("参数 code 格式错误");
        assertThat(poolA.post("/api/v3/create-group", Map.of("code", 42, "name", "n")).statusCode()).isEqualTo(400);
        assertThat(poolA.post("/api/v3/add-group-members", Map.of("code", "", "userIds", List.of("a"))).message())
                .isEqualTo("参数 code 格式错误");
        assertThat(poolA.post("/api/v3/add-group-members", Map.of("code", "x", "userIds", List.of())).message())
                .isEqualTo("参数 userIds 格式错误");
        assertThat(poolA.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of())).message())
                .isEqualTo("参数 codeList 格式错误");
        assertThat(poolA.post("/api/v3/create-user", Map.of()).message())
                .isEqualTo("Must contain one of the following fields: username, phone, email");
        assertThat(poolA.post("/api/v3/create-user", Map.of("email", "test1@qqq")).message())
                .isEqualTo("参数 email 格式错误");
        assertThat(poolA.post("/api/v3/create-user", Map.of("username", "z", "status", "Happy")).message())
                .isEqualTo("参数 status 格式错误");
        SignedClient.Response malformed = poolA.postRaw("/api/v3/create-group",
                "{\"code\":".getBytes(StandardCharsets.UTF_8), "/api/v3/create-group");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(domainEvents()).isEqualTo(before);
    }

    @Test
    void aBadSignatureIs401AndAReplayedNonceToo() {
        SignedClient forged = new SignedClient("http://127.0.0.1:" + port, "pool-a", "wrong");
        assertThat(forged.post("/api/v3/create-group", Map.of("code", unique("f"), "name", "n")).status())
                .isEqualTo(401);
        SignedClient replaying = poolA.withHeader("x-authing-signature-nonce", "fixed-" + UUID.randomUUID());
        assertThat(replaying.post("/api/v3/create-group", Map.of("code", unique("r"), "name", "n")).status())
                .isEqualTo(200);
        assertThat(replaying.post("/api/v3/create-group", Map.of("code", unique("r"), "name", "n")).status())
                .isEqualTo(401);
    }

    private int members(String groupId) {
        return jdbc.queryForObject("SELECT count(*) FROM group_membership WHERE group_id = ?", Integer.class,
                groupId);
    }

}
