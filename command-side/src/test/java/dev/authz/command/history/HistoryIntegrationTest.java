package dev.authz.command.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.command.CommandSideTestBase;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entity history over sockets, read from the real PostgreSQL event store: events in order with their request
 * metadata, paging, codes that survive renames and deletions (code_history), other pools kept out.
 */
class HistoryIntegrationTest extends CommandSideTestBase {

    @Test
    void aGroupsHistoryListsEveryEventInOrderWithItsRequestMetadata() {
        String code = unique("hg");
        String alice = user(poolA);
        String bob = user(poolA);
        SignedClient.Response created = poolA.post("/api/v3/create-group", Map.of("code", code, "name", "G"));
        ok(poolA.post("/api/v3/update-group", Map.of("code", code, "name", "Renamed")));
        ok(poolA.post("/api/v3/add-group-members", Map.of("code", code, "userIds", List.of(alice, bob))));
        ok(poolA.post("/api/v3/remove-group-members", Map.of("code", code, "userIds", List.of(alice))));

        JsonNode history = ok(poolA.get("/api/v3/get-group-history", Map.of("code", code)));
        assertThat(history.path("aggregateType").asText()).isEqualTo("group");
        assertThat(history.path("aggregateId").asText()).isEqualTo(created.data().path("id").asText());
        assertThat(history.path("totalCount").asLong()).isEqualTo(4);
        assertThat(types(history)).containsExactly("GroupCreated", "GroupUpdated", "GroupMembersAdded",
                "GroupMembersRemoved");
        JsonNode first = history.path("list").get(0);
        assertThat(first.path("sequence").asLong()).isZero();
        assertThat(first.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(first.path("payload").path("code").asText()).isEqualTo(code);
        assertThat(first.path("payload").path("name").asText()).isEqualTo("G");
        assertThat(first.path("metadata").path("requestId").asText())
                .as("the request that wrote it").isEqualTo(created.body().path("requestId").asText());
        assertThat(first.path("metadata").path("poolId").asText()).isEqualTo("pool-a");
        assertThat(first.path("metadata").path("operation").asText()).isEqualTo("CreateGroup");
        assertThat(first.path("metadata").path("clientIp").asText()).isNotEmpty();
        assertThat(first.path("metadata").path("userAgent").asText()).isNotEmpty();
        assertThat(history.path("list").get(2).path("payload").path("userIds"))
                .extracting(JsonNode::asText).containsExactly(alice, bob);
        assertThat(history.path("list").get(1).path("occurredAt").asText())
                .isGreaterThanOrEqualTo(first.path("occurredAt").asText());

        JsonNode secondPage = ok(poolA.get("/api/v3/get-group-history", Map.of("code", code, "page", 2, "limit", 3)));
        assertThat(secondPage.path("totalCount").asLong()).isEqualTo(4);
        assertThat(secondPage.path("list")).hasSize(1);
        assertThat(secondPage.path("list").get(0).path("sequence").asLong()).isEqualTo(3);
        assertThat(poolA.get("/api/v3/get-group-history", Map.of("code", code, "limit", 51)).message())
                .isEqualTo("参数 limit 格式错误");
        assertThat(poolA.get("/api/v3/get-group-history", Map.of("code", code, "page", "two")).message())
                .isEqualTo("参数 page 格式错误");
        assertThat(poolA.get("/api/v3/get-group-history", Map.of("code", unique("none"))).message())
                .isEqualTo("分组不存在");
        assertThat(poolA.get("/api/v3/get-group-history", Map.of()).message()).isEqualTo("参数 code 格式错误");
    }

    @Test
    void aRenamedGroupIsFoundByBothCodesAndADeletedOneByItsLastCodeAndAReusedCodeNamesEveryHolder() {
        String oldCode = unique("old");
        String newCode = unique("new");
        String firstId = ok(poolA.post("/api/v3/create-group", Map.of("code", oldCode, "name", "G")))
                .path("id").asText();
        ok(poolA.post("/api/v3/update-group", Map.of("code", oldCode, "newCode", newCode)));

        for (String code : List.of(oldCode, newCode)) {
            JsonNode history = ok(poolA.get("/api/v3/get-group-history", Map.of("code", code)));
            assertThat(history.path("aggregateId").asText()).as(code).isEqualTo(firstId);
            assertThat(types(history)).containsExactly("GroupCreated", "GroupUpdated");
        }
        ok(poolA.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(newCode))));
        assertThat(types(ok(poolA.get("/api/v3/get-group-history", Map.of("code", newCode)))))
                .containsExactly("GroupCreated", "GroupUpdated", "GroupDeleted");

        // the old code is free again: a second group takes it, and becomes the one the code answers with
        String secondId = ok(poolA.post("/api/v3/create-group", Map.of("code", oldCode, "name", "G2")))
                .path("id").asText();
        JsonNode reused = ok(poolA.get("/api/v3/get-group-history", Map.of("code", oldCode)));
        assertThat(reused.path("aggregateId").asText()).isEqualTo(secondId);
        assertThat(reused.path("holders")).extracting(h -> h.path("aggregateId").asText())
                .containsExactly(secondId, firstId);
        JsonNode older = ok(poolA.get("/api/v3/get-group-history", Map.of("code", oldCode, "aggregateId", firstId)));
        assertThat(older.path("aggregateId").asText()).isEqualTo(firstId);
        assertThat(older.path("totalCount").asLong()).isEqualTo(3);
        assertThat(poolA.get("/api/v3/get-group-history", Map.of("code", oldCode, "aggregateId", "nobody"))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void rolesAndResourcesAreFoundThroughRenamedNamespacesAndAfterDeletion() {
        String namespace = unique("ns");
        String renamedNamespace = unique("ns2");
        ok(poolA.post("/api/v3/create-namespace", Map.of("code", namespace, "name", "N")));
        String role = unique("r");
        String renamedRole = unique("r2");
        ok(poolA.post("/api/v3/create-role", Map.of("code", role, "namespace", namespace)));
        ok(poolA.post("/api/v3/update-role", Map.of("code", role, "namespace", namespace, "newCode", renamedRole)));
        ok(poolA.post("/api/v3/update-namespace", Map.of("code", namespace, "newCode", renamedNamespace)));
        String resource = unique("doc");
        ok(poolA.post("/api/v3/create-resource", Map.of("code", resource, "type", "DATA", "namespace",
                renamedNamespace, "actions", List.of(Map.of("name", "read", "description", "r")))));
        ok(poolA.post("/api/v3/delete-resources-batch", Map.of("codeList", List.of(resource),
                "namespace", renamedNamespace)));

        for (String ns : List.of(namespace, renamedNamespace)) {
            for (String code : List.of(role, renamedRole)) {
                assertThat(types(ok(poolA.get("/api/v3/get-role-history", Map.of("code", code, "namespace", ns)))))
                        .as(ns + "/" + code).containsExactly("RoleCreated", "RoleUpdated");
            }
            assertThat(types(ok(poolA.get("/api/v3/get-resource-history",
                    Map.of("code", resource, "namespace", ns))))).containsExactly("ResourceCreated", "ResourceDeleted");
        }
        assertThat(types(ok(poolA.get("/api/v3/get-namespace-history", Map.of("code", namespace)))))
                .containsExactly("NamespaceCreated", "NamespaceUpdated");
        assertThat(poolA.get("/api/v3/get-role-history", Map.of("code", role)).message())
                .as("not in the default namespace").isEqualTo("角色不存在");
        assertThat(poolA.get("/api/v3/get-role-history", Map.of("code", role, "namespace", unique("x"))).message())
                .isEqualTo("权限组不存在");
    }

    @Test
    void usersAndDepartmentsHaveHistoriesByIdAndOtherPoolsSeeNothing() {
        String userId = user(poolA);
        ok(poolA.post("/api/v3/update-user", Map.of("userId", userId, "nickname", "nick")));
        assertThat(types(ok(poolA.get("/api/v3/get-user-history", Map.of("userId", userId)))))
                .containsExactly("UserCreated", "UserUpdated");

        JsonNode organization = ok(poolA.post("/api/v3/create-organization",
                Map.of("organizationCode", unique("org"), "organizationName", "Org")));
        String orgCode = organization.path("organizationCode").asText();
        String departmentCode = unique("d");
        String departmentId = ok(poolA.post("/api/v3/create-department", Map.of("organizationCode", orgCode,
                "parentDepartmentId", organization.path("departmentId").asText(), "name", "Dept",
                "code", departmentCode))).path("departmentId").asText();
        ok(poolA.post("/api/v3/add-department-members", Map.of("organizationCode", orgCode,
                "departmentId", departmentId, "userIds", List.of(userId))));
        JsonNode byId = ok(poolA.get("/api/v3/get-department-history",
                Map.of("organizationCode", orgCode, "departmentId", departmentId)));
        assertThat(types(byId)).containsExactly("DepartmentCreated", "DepartmentMembersAdded");
        JsonNode byCode = ok(poolA.get("/api/v3/get-department-history", Map.of("organizationCode", orgCode,
                "departmentId", departmentCode, "departmentIdType", "code")));
        assertThat(byCode.path("aggregateId").asText()).isEqualTo(departmentId);
        assertThat(poolA.get("/api/v3/get-department-history", Map.of("organizationCode", unique("org"),
                "departmentId", departmentId)).message()).startsWith("organization not found for code: ");
        assertThat(poolA.get("/api/v3/get-department-history", Map.of("organizationCode", orgCode,
                "departmentId", userId)).message()).as("a user id is no department").isEqualTo("部门不存在");
        assertThat(poolA.get("/api/v3/get-user-history", Map.of("userId", departmentId)).message())
                .as("a department id is no user").isEqualTo("用户不存在");

        String group = unique("g");
        ok(poolA.post("/api/v3/create-group", Map.of("code", group, "name", "G")));
        assertThat(poolB.get("/api/v3/get-group-history", Map.of("code", group)).message()).isEqualTo("分组不存在");
        assertThat(poolB.get("/api/v3/get-user-history", Map.of("userId", userId)).message()).isEqualTo("用户不存在");
        assertThat(poolB.get("/api/v3/get-department-history", Map.of("organizationCode", orgCode,
                "departmentId", departmentId)).statusCode()).isEqualTo(404);
    }

    @Test
    void everyHistoryAndTimeTravelEndpointIsDocumentedInOpenApi() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode paths = new ObjectMapper().readTree(response.body()).path("paths");
        Map<String, List<String>> expected = Map.of(
                "get-group-history", List.of("code", "aggregateId", "page", "limit"),
                "get-role-history", List.of("code", "namespace", "aggregateId", "page", "limit"),
                "get-namespace-history", List.of("code", "aggregateId"),
                "get-resource-history", List.of("code", "namespace", "aggregateId"),
                "get-user-history", List.of("userId", "page", "limit"),
                "get-department-history", List.of("organizationCode", "departmentId", "departmentIdType"),
                "get-group-as-of", List.of("code", "at", "aggregateId", "page", "limit"),
                "get-role-as-of", List.of("code", "namespace", "at", "aggregateId"),
                "get-user-authorized-resources-as-of", List.of("userId", "at", "namespace", "resourceType"),
                "is-action-allowed-as-of", List.of("userId", "resource", "action", "at", "namespace"));
        expected.forEach((operation, parameters) -> {
            JsonNode get = paths.path("/api/v3/" + operation).path("get");
            assertThat(get.path("summary").asText()).as(operation).isNotEmpty();
            List<String> documented = new ArrayList<>();
            get.path("parameters").forEach(p -> {
                assertThat(p.path("description").asText()).as(operation + " " + p).isNotEmpty();
                documented.add(p.path("name").asText());
            });
            assertThat(documented).as(operation).containsAll(parameters);
        });
    }

    static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.path("list").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    static JsonNode ok(SignedClient.Response response) {
        assertThat(response.statusCode()).as(response.message() + " " + response.body()).isEqualTo(200);
        return response.data();
    }

    static String user(SignedClient pool) {
        return ok(pool.post("/api/v3/create-user", Map.of("username", unique("u")))).path("userId").asText();
    }
}
