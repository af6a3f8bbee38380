package dev.authz.command;

import dev.authz.api.event.PolicyIds;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource and authorize-resources writes over sockets: PostgreSQL event store and lookups, Kafka out. */
class ResourceWritesIntegrationTest extends CommandSideTestBase {

    private Map<String, Object> resource(String code) {
        return Map.of("code", code, "type", "DATA", "description", "d",
                "actions", List.of(Map.of("name", "read", "description", "r")));
    }

    private String idOf(String kind, String pool, String scope, String code) {
        return jdbc.queryForList("SELECT entity_id FROM code_registry WHERE kind = ? AND pool_id = ? AND scope = ? "
                + "AND code = ?", String.class, kind, pool, scope, code).stream().findFirst().orElse(null);
    }

    private String defaultNamespace(String pool) {
        return idOf("NAMESPACE", pool, "", "default");
    }

    @Test
    void createUpdateDeleteAResource() {
        String code = unique("books");
        SignedClient.Response created = poolA.post("/api/v3/create-resource", resource(code));
        assertThat(created.statusCode()).as(created.body().toString()).isEqualTo(200);
        assertThat(created.data().path("code").asText()).isEqualTo(code);
        assertThat(created.data().path("namespace").asText()).isEqualTo("default");
        assertThat(idOf("RESOURCE", "pool-a", defaultNamespace("pool-a"), code)).isNotNull();

        assertThat(poolA.post("/api/v3/create-resource", resource(code)).statusCode()).isEqualTo(409);
        assertThat(poolB.post("/api/v3/create-resource", resource(code)).statusCode()).as("another pool").isEqualTo(200);
        String other = unique("ns");
        assertThat(poolA.post("/api/v3/create-namespace", Map.of("code", other, "name", other)).statusCode())
                .isEqualTo(200);
        Map<String, Object> inOther = new java.util.HashMap<>(resource(code));
        inOther.put("namespace", other);
        assertThat(poolA.post("/api/v3/create-resource", inOther).statusCode()).as("another namespace").isEqualTo(200);

        SignedClient.Response updated = poolA.post("/api/v3/update-resource",
                Map.of("code", code, "description", "new", "actions", List.of(Map.of("name", "write"))));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.data().path("description").asText()).isEqualTo("new");
        assertThat(updated.data().path("actions").get(0).path("name").asText()).isEqualTo("write");
        assertThat(poolA.post("/api/v3/update-resource", Map.of("code", "额！")).message()).isEqualTo("资源不存在");

        assertThat(poolA.post("/api/v3/delete-resource", Map.of("code", code)).statusCode()).isEqualTo(200);
        assertThat(idOf("RESOURCE", "pool-a", defaultNamespace("pool-a"), code)).isNull();
        assertThat(poolA.post("/api/v3/delete-resource", Map.of("code", "额！")).statusCode()).isEqualTo(200);
        assertThat(poolA.post("/api/v3/delete-resource", Map.of("code", "1".repeat(100))).message())
                .isEqualTo("参数 code 格式错误");
    }

    @Test
    void badCodesAndNamespacesAreRefused() {
        assertThat(poolA.post("/api/v3/create-resource", resource("额！")).message())
                .isEqualTo("invalid resource code: 额！");
        assertThat(poolA.post("/api/v3/create-resource", resource(" ")).message())
                .isEqualTo("invalid resource code:  ");
        assertThat(poolA.post("/api/v3/create-resource", resource("1".repeat(100))).message())
                .isEqualTo("参数 code 格式错误");
        Map<String, Object> noSuchNamespace = new java.util.HashMap<>(resource(unique("x")));
        noSuchNamespace.put("namespace", unique("nope"));
        assertThat(poolA.post("/api/v3/create-resource", noSuchNamespace).message()).isEqualTo("权限组不存在");
        Map<String, Object> badType = new java.util.HashMap<>(resource(unique("x")));
        badType.put("type", "TABLE");
        assertThat(poolA.post("/api/v3/create-resource", badType).message()).isEqualTo("参数 type 格式错误");
    }

    @Test
    void batchesAreAtomic() {
        String taken = unique("taken");
        String fresh = unique("fresh");
        assertThat(poolA.post("/api/v3/create-resource", resource(taken)).statusCode()).isEqualTo(200);
        SignedClient.Response failed = poolA.post("/api/v3/create-resources-batch",
                Map.of("namespace", "default", "list", List.of(resource(fresh), resource(taken))));
        assertThat(failed.statusCode()).isEqualTo(409);
        assertThat(idOf("RESOURCE", "pool-a", defaultNamespace("pool-a"), fresh)).as("nothing created").isNull();
        assertThat(poolA.post("/api/v3/create-resources-batch", Map.of("list", List.of(resource("1".repeat(100)))))
                .message()).isEqualTo("invalid resource code: " + "1".repeat(100));
        assertThat(poolA.post("/api/v3/create-resources-batch", Map.of("list", List.of(resource(fresh))))
                .data().path("success").asBoolean()).isTrue();
        assertThat(poolA.post("/api/v3/delete-resources-batch",
                Map.of("codeList", List.of(fresh, taken, "额！", "1".repeat(100)))).statusCode()).isEqualTo(200);
        assertThat(idOf("RESOURCE", "pool-a", defaultNamespace("pool-a"), fresh)).isNull();
        assertThat(idOf("RESOURCE", "pool-a", defaultNamespace("pool-a"), taken)).isNull();
    }

    @Test
    void authorizeResolvesTargetsToIdsAndIsAllOrNothing() {
        String namespaceId = defaultNamespace("pool-a");
        String group = unique("g");
        assertThat(poolA.post("/api/v3/create-group", Map.of("code", group, "name", group)).statusCode()).isEqualTo(200);
        String groupId = idOf("GROUP", "pool-a", "", group);
        String userId = poolA.post("/api/v3/create-user", Map.of("username", unique("u"))).data().path("userId").asText();
        String role = unique("role");
        String roleId = UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        // Roles are created by the roles feature: its registry row is all a grant needs here.
        jdbc.update("INSERT INTO code_registry (pool_id, kind, scope, code, entity_id) VALUES (?, 'ROLE', ?, ?, ?)",
                "pool-a", namespaceId, role, roleId);
        List<Map<String, Object>> resources = List.of(Map.of("code", "books:*", "actions", List.of("*"),
                "resourceType", "DATA"));

        SignedClient.Response ok = poolA.post("/api/v3/authorize-resources", Map.of("namespace", "default",
                "list", List.of(Map.of("targetType", "GROUP", "targetIdentifiers", List.of(group), "resources", resources),
                        Map.of("targetType", "USER", "targetIdentifiers", List.of(userId), "resources", resources),
                        Map.of("targetType", "ROLE", "targetIdentifiers", List.of(role), "resources", resources))));
        assertThat(ok.statusCode()).as(ok.body().toString()).isEqualTo(200);
        for (String[] target : List.of(new String[]{"GROUP", groupId}, new String[]{"USER", userId},
                new String[]{"ROLE", roleId})) {
            assertThat(events(PolicyIds.of("pool-a", namespaceId, target[0], target[1]))).as(target[0]).isEqualTo(1);
        }

        String ghost = "ghost" + unique("");
        SignedClient.Response unknownUser = poolA.post("/api/v3/authorize-resources", Map.of("list", List.of(
                Map.of("targetType", "GROUP", "targetIdentifiers", List.of(group), "resources", resources),
                Map.of("targetType", "USER", "targetIdentifiers", List.of(ghost), "resources", resources))));
        assertThat(unknownUser.message()).isEqualTo("用户不存在");
        assertThat(events(PolicyIds.of("pool-a", namespaceId, "GROUP", groupId))).as("rolled back").isEqualTo(1);
        assertThat(poolA.post("/api/v3/authorize-resources", Map.of("list", List.of(Map.of("targetType", "GROUP",
                "targetIdentifiers", List.of(unique("nope")), "resources", resources)))).message()).isEqualTo("分组不存在");
        assertThat(poolB.post("/api/v3/authorize-resources", Map.of("list", List.of(Map.of("targetType", "GROUP",
                "targetIdentifiers", List.of(group), "resources", resources)))).message())
                .as("another pool's group").isEqualTo("分组不存在");
        assertThat(poolA.post("/api/v3/authorize-resources", Map.of("list", List.of(Map.of("targetType", "TEAM",
                "targetIdentifiers", List.of(group), "resources", resources)))).message()).isEqualTo("参数 targetType 格式错误");
    }

    private int events(String aggregateId) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, aggregateId);
    }
}
