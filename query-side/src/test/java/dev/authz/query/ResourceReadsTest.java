package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.event.ResourceCreated;
import dev.authz.api.event.ResourceDeleted;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleCreated;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource reads and the per-target authorized-resources reads. */
class ResourceReadsTest extends IntegrationTestBase {
    private String ns;
    private String nsCode;

    @BeforeEach
    void namespace() {
        TestNamespace namespace = createNamespace("res");
        ns = namespace.id();
        nsCode = namespace.code();
    }

    private ResourceCreated resource(String code) {
        return new ResourceCreated(POOL_A, newId(), ns, code, code, "about " + code, "DATA",
                List.of(new ResourceAction("read", "r")), "/api/" + code);
    }

    @Test
    void getBatchListAndDelete() {
        ResourceCreated books = resource(unique("books"));
        ResourceCreated films = resource(unique("films"));
        publishAndWait(books, films);
        SignedClient.Response got = poolA().get("/api/v3/get-resource", Map.of("code", books.code(), "namespace", nsCode));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.data().path("description").asText()).isEqualTo("about " + books.code());
        assertThat(got.data().path("actions").get(0).path("name").asText()).isEqualTo("read");
        assertThat(got.data().path("namespace").asText()).isEqualTo(nsCode);
        assertThat(poolA().get("/api/v3/get-resource", Map.of("code", "", "namespace", nsCode)).message())
                .isEqualTo("资源不存在");
        assertThat(poolB().get("/api/v3/get-resource", Map.of("code", books.code())).statusCode()).isEqualTo(404);

        JsonNode batch = poolA().get("/api/v3/get-resources-batch",
                Map.of("codeList", List.of(books.code(), "额！ "), "namespace", nsCode)).data();
        assertThat(batch.findValuesAsText("code")).containsExactly(books.code());

        JsonNode page = poolA().get("/api/v3/list-resources", Map.of("namespace", nsCode, "page", 1, "limit", 10)).data();
        assertThat(page.path("totalCount").asInt()).isEqualTo(2);
        assertThat(page.path("list").get(0).path("code").asText()).as("newest first").isEqualTo(films.code());

        publishAndWait(new ResourceDeleted(POOL_A, books.resourceId(), ns, books.code()));
        assertThat(poolA().get("/api/v3/get-resource", Map.of("code", books.code(), "namespace", nsCode)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void targetGrantsByGroupAndRoleCode() {
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("g"), "G", null, null, Map.of());
        RoleCreated role = new RoleCreated(POOL_A, newId(), ns, unique("r"), "R", null, "ENABLE", null);
        ResourceCreated books = resource("books:1");
        publishAndWait(group, role, books);
        publishAndWait(new ResourcesAuthorized(POOL_A, PolicyIds.of(POOL_A, ns, "GROUP", group.groupId()), ns, "GROUP",
                group.groupId(), List.of(new ResourceGrant("books:1", "DATA", List.of("read"), "ALLOW"),
                new ResourceGrant("films:1", "DATA", List.of("*"), "DENY"))));
        publishAndWait(new ResourcesAuthorized(POOL_A, PolicyIds.of(POOL_A, ns, "ROLE", role.roleId()), ns, "ROLE",
                role.roleId(), List.of(new ResourceGrant("books:1", "API", List.of("write"), "ALLOW"))));

        JsonNode groupGrants = poolA().get("/api/v3/get-group-authorized-resources",
                Map.of("code", group.code(), "namespace", nsCode)).data();
        assertThat(groupGrants.findValuesAsText("resourceCode")).containsExactly("books:1");
        assertThat(groupGrants.get(0).path("apiIdentifier").asText()).isEqualTo("/api/books:1");
        assertThat(poolA().get("/api/v3/get-group-authorized-resources", Map.of("code", unique("x"))).message())
                .isEqualTo("分组不存在");

        JsonNode roleGrants = poolA().get("/api/v3/get-role-authorized-resources",
                Map.of("code", role.code(), "namespace", nsCode)).data();
        assertThat(roleGrants.path("list").get(0).path("actions").get(0).asText()).isEqualTo("write");
        assertThat(poolA().get("/api/v3/get-role-authorized-resources",
                Map.of("code", unique("x"), "namespace", nsCode)).message()).isEqualTo("角色不存在");

        JsonNode withDenied = poolA().get("/api/v3/get-authorized-resources", Map.of("targetType", "GROUP",
                "targetIdentifier", group.code(), "namespace", nsCode, "withDenied", true)).data();
        assertThat(withDenied.path("totalCount").asInt()).isEqualTo(2);
        JsonNode filtered = poolA().get("/api/v3/get-authorized-resources", Map.of("targetType", "GROUP",
                "targetIdentifier", group.code(), "namespace", nsCode, "withDenied", true,
                "resourceList", List.of("films:*"))).data();
        assertThat(filtered.path("list").findValuesAsText("resourceCode")).containsExactly("films:1");
        assertThat(poolA().get("/api/v3/get-authorized-resources", Map.of("targetType", "GROUP",
                "targetIdentifier", "额！ ", "namespace", nsCode)).message()).isEqualTo("group not exists with code: 额！ ");

        JsonNode targets = poolA().post("/api/v3/get-resource-authorized-targets",
                Map.of("resource", "books:1", "namespace", nsCode, "targetType", "ROLE")).data();
        assertThat(targets.path("totalCount").asInt()).isEqualTo(1);
        assertThat(targets.path("list").get(0).path("targetIdentifier").asText()).isEqualTo(role.code());
    }
}
