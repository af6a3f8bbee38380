package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupUpdated;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroupReadsTest extends IntegrationTestBase {

    private GroupCreated group(String poolId, String code, String name) {
        return new GroupCreated(poolId, newId(), code, name, "about " + name, "static", Map.of("level", 3));
    }

    @Test
    void getGroupReturnsTheProjectedGroupAndCustomDataOnlyWhenAsked() {
        GroupCreated created = group(POOL_A, unique("dev"), "Developers");
        publishAndWait(created);

        SignedClient.Response plain = poolA().get("/api/v3/get-group", Map.of("code", created.code()));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.message()).isEmpty();
        JsonNode data = plain.data();
        assertThat(data.path("id").asText()).isEqualTo(created.groupId());
        assertThat(data.path("code").asText()).isEqualTo(created.code());
        assertThat(data.path("name").asText()).isEqualTo("Developers");
        assertThat(data.path("description").asText()).isEqualTo("about Developers");
        assertThat(data.path("type").asText()).isEqualTo("static");
        assertThat(data.has("customData")).isFalse();

        JsonNode withData = poolA().get("/api/v3/get-group",
                Map.of("code", created.code(), "withCustomData", true)).data();
        assertThat(withData.path("customData").path("level").asInt()).isEqualTo(3);
    }

    @Test
    void unknownGroupIsGroupNotFoundInBothLanguages() {
        SignedClient.Response zh = poolA().get("/api/v3/get-group", Map.of("code", unique("nope")));
        assertThat(zh.status()).isEqualTo(200);
        assertThat(zh.statusCode()).isEqualTo(404);
        assertThat(zh.message()).contains("分组不存在");
        SignedClient.Response en = poolA().withHeader("x-authing-lang", "en-US")
                .get("/api/v3/get-group", Map.of("code", unique("nope")));
        assertThat(en.message()).contains("Group does not exist");
    }

    @Test
    void renameMovesTheCodeAndDeletionRemovesTheGroup() {
        GroupCreated created = group(POOL_A, unique("old"), "Old");
        String newCode = unique("new");
        publishAndWait(created, new GroupUpdated(POOL_A, created.groupId(), newCode, created.code(), "Renamed",
                "changed", Map.of()));

        assertThat(poolA().get("/api/v3/get-group", Map.of("code", created.code())).message()).contains("分组不存在");
        JsonNode renamed = poolA().get("/api/v3/get-group", Map.of("code", newCode)).data();
        assertThat(renamed.path("id").asText()).isEqualTo(created.groupId());
        assertThat(renamed.path("name").asText()).isEqualTo("Renamed");

        // The old code is free again: another group may take it.
        GroupCreated reuse = group(POOL_A, created.code(), "Reuse");
        publishAndWait(reuse, new GroupDeleted(POOL_A, created.groupId(), newCode));
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", newCode)).message()).contains("分组不存在");
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", created.code())).data().path("id").asText())
                .isEqualTo(reuse.groupId());
    }

    @Test
    void codeClaimedByANewerGroupBeforeTheOldRenameArrivesStillResolves() {
        // Different aggregates travel on different partitions: apply the new holder's creation first.
        String code = unique("race");
        GroupCreated first = group(POOL_A, code, "First");
        GroupCreated second = group(POOL_A, code, "Second");
        publishAndWait(first);
        publishAndWait(second);
        publishAndWait(new GroupUpdated(POOL_A, first.groupId(), unique("moved"), code, "First", "", Map.of()));
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", code)).data().path("id").asText())
                .isEqualTo(second.groupId());
    }

    @Test
    void listGroupsIsNewestFirstAndValidatesPaging() {
        GroupCreated older = group(POOL_A, unique("lst"), "Older");
        publishAndWait(older);
        GroupCreated newest = group(POOL_A, unique("lst"), "Newest");
        publishAndWait(newest);

        SignedClient.Response page = poolA().get("/api/v3/list-groups", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.data().path("list").get(0).path("code").asText()).isEqualTo(newest.code());
        assertThat(page.data().path("totalCount").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode one = poolA().get("/api/v3/list-groups", Map.of("page", 1, "limit", 1)).data();
        assertThat(one.path("list")).hasSize(1);
        assertThat(one.path("list").get(0).path("code").asText()).isEqualTo(newest.code());
        JsonNode second = poolA().get("/api/v3/list-groups", Map.of("page", 2, "limit", 1)).data();
        assertThat(second.path("list").get(0).path("code").asText()).isEqualTo(older.code());

        assertThat(poolA().get("/api/v3/list-groups", Map.of("limit", 100000)).message())
                .contains("参数 limit 格式错误");
        assertThat(poolA().get("/api/v3/list-groups", Map.of("page", -1)).message())
                .contains("参数 page 格式错误");
    }

    @Test
    void keywordsMatchCodeOrNameLiterallyAndCaseInsensitively() {
        String marker = unique("kw");
        GroupCreated dotted = group(POOL_A, marker + "a.c", "plain");
        GroupCreated similar = group(POOL_A, marker + "abc", "plain");
        GroupCreated byName = group(POOL_A, unique("x"), "Team (" + marker.toUpperCase() + ")*");
        publishAndWait(dotted, similar, byName);

        assertThat(codes(Map.of("keywords", marker + "a.c", "limit", 50))).containsExactly(dotted.code());
        assertThat(codes(Map.of("keywords", "(" + marker + ")*", "limit", 50))).containsExactly(byName.code());
        assertThat(codes(Map.of("keywords", marker.toUpperCase(), "limit", 50)))
                .containsExactlyInAnyOrder(dotted.code(), similar.code(), byName.code());
    }

    private List<String> codes(Map<String, ?> params) {
        List<String> codes = new ArrayList<>();
        poolA().get("/api/v3/list-groups", params).data().path("list").forEach(g -> codes.add(g.path("code").asText()));
        return codes;
    }

    @Test
    void poolsAreIsolatedAndMayShareACode() {
        String code = unique("shared");
        GroupCreated inA = group(POOL_A, code, "In A");
        GroupCreated inB = group(POOL_B, code, "In B");
        GroupCreated onlyA = group(POOL_A, unique("only"), "Only A");
        publishAndWait(inA, inB, onlyA);

        assertThat(poolA().get("/api/v3/get-group", Map.of("code", code)).data().path("name").asText())
                .isEqualTo("In A");
        assertThat(poolB().get("/api/v3/get-group", Map.of("code", code)).data().path("name").asText())
                .isEqualTo("In B");
        assertThat(poolB().get("/api/v3/get-group", Map.of("code", onlyA.code())).message()).contains("分组不存在");
        poolB().get("/api/v3/get-all-groups", Map.of()).data()
                .forEach(g -> assertThat(g.path("id").asText()).isNotIn(inA.groupId(), onlyA.groupId()));
    }

    @Test
    void authorizedResourcesAreEmptyInTheDefaultNamespace() {
        GroupCreated created = group(POOL_A, unique("auth"), "Auth");
        // Every pool has its default namespace (the command side creates it at startup).
        publishAndWait(created, new dev.authz.api.event.NamespaceCreated(POOL_A, newId(), "default", "默认", null));
        SignedClient.Response ok = poolA().get("/api/v3/get-group-authorized-resources",
                Map.of("code", created.code()));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.data().isArray()).isTrue();
        assertThat(poolA().get("/api/v3/get-group-authorized-resources",
                Map.of("code", created.code(), "namespace", "default")).statusCode()).isEqualTo(200);
        assertThat(poolA().get("/api/v3/get-group-authorized-resources",
                Map.of("code", created.code(), "namespace", unique("ns"))).message()).contains("权限组不存在");
        assertThat(poolA().get("/api/v3/get-group-authorized-resources",
                Map.of("code", unique("nope"))).message()).contains("分组不存在");
    }
}
