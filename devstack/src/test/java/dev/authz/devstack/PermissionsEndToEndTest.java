package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.target;
import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permission matrix through the whole system: users reach a resource directly, through a group, a role,
 * a department's role; a DENY overrides; an assignment expires; a rename changes nothing; a removal, a group
 * deletion and a role deletion take the permission away. Each answer is read right after the write returned.
 */
class PermissionsEndToEndTest {
    private static SignedClient client;
    private static ManagementCalls calls;

    @BeforeAll
    static void start() {
        client = SystemUnderTest.client();
        calls = new ManagementCalls(client);
    }

    @Test
    void everyPathToAResourceAndEveryChangeToIt() throws InterruptedException {
        String resource = unique("doc");
        ok(client.post("/api/v3/create-resource", Map.of("code", resource, "type", "DATA", "description", "d",
                "actions", List.of(Map.of("name", "read", "description", "r")))));
        List<String> users = calls.createUsers("perm", 7);
        String direct = users.get(0), viaGroup = users.get(1), viaRole = users.get(2), viaDepartment = users.get(3),
                denied = users.get(4), expiring = users.get(5), lateGroupMember = users.get(6);
        assertThat(users).noneMatch(user -> allowed(user, resource));

        calls.grant("USER", direct, resource, "ALLOW");
        assertThat(allowed(direct, resource)).isTrue();
        assertThat(allowed(viaGroup, resource)).isFalse();

        String group = unique("grp");
        ok(client.post("/api/v3/create-group", Map.of("code", group, "name", "g")));
        ok(client.post("/api/v3/add-group-members", Map.of("code", group,
                "userIds", List.of(viaGroup, denied, lateGroupMember))));
        calls.grant("GROUP", group, resource, "ALLOW");
        assertThat(allowed(viaGroup, resource)).isTrue();
        assertThat(allowed(denied, resource)).isTrue();

        calls.grant("USER", denied, resource, "DENY");
        assertThat(allowed(denied, resource)).as("DENY wins over the group's ALLOW").isFalse();

        String role = unique("role");
        ok(client.post("/api/v3/create-role", Map.of("code", role, "namespace", "default", "description", "r")));
        calls.grant("ROLE", role, resource, "ALLOW");
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "namespace", "default",
                "targets", List.of(target("USER", viaRole)))));
        assertThat(allowed(viaRole, resource)).isTrue();

        ManagementCalls.Department department = calls.createDepartment("perm");
        calls.addDepartmentMembers(department, List.of(viaDepartment));
        assertThat(allowed(viaDepartment, resource)).isFalse();
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "namespace", "default",
                "targets", List.of(target("DEPARTMENT", department.departmentId())))));
        assertThat(allowed(viaDepartment, resource)).as("through the department's role").isTrue();

        long endTime = System.currentTimeMillis() + 3_000;
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "namespace", "default", "endTime", endTime,
                "targets", List.of(target("USER", expiring)))));
        assertThat(allowed(expiring, resource)).isTrue();
        Thread.sleep(Math.max(0, endTime - System.currentTimeMillis()) + 200);
        assertThat(allowed(expiring, resource)).as("the assignment ended: no event needed").isFalse();

        String renamed = unique("renamed");
        ok(client.post("/api/v3/update-role", Map.of("code", role, "namespace", "default", "newCode", renamed,
                "name", "renamed")));
        assertThat(allowed(viaRole, resource)).as("a rename keeps the permission").isTrue();
        assertThat(allowed(viaDepartment, resource)).isTrue();

        ok(client.post("/api/v3/remove-group-members", Map.of("code", group, "userIds", List.of(viaGroup))));
        assertThat(allowed(viaGroup, resource)).as("removed from the group").isFalse();
        assertThat(allowed(lateGroupMember, resource)).isTrue();

        ok(client.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(group))));
        assertThat(allowed(lateGroupMember, resource)).as("the group is gone").isFalse();

        ok(client.post("/api/v3/delete-roles-batch", Map.of("codeList", List.of(renamed), "namespace", "default")));
        assertThat(allowed(viaRole, resource)).as("the role is gone").isFalse();
        assertThat(allowed(viaDepartment, resource)).isFalse();
        assertThat(allowed(direct, resource)).as("direct grants are untouched").isTrue();
    }

    /**
     * Time travel at "now" (command side, folding the event store) gives exactly what the live read model (query
     * side) says, for a user reached in every way; and the history of what was done is there, through the gateway.
     */
    @Test
    void timeTravelAtNowEqualsTheLiveAnswer() {
        List<String> resources = List.of(unique("tt"), unique("tt"), unique("tt"), unique("tt"));
        for (String resource : resources) {
            ok(client.post("/api/v3/create-resource", Map.of("code", resource, "type", "DATA", "description",
                    "about " + resource, "actions", List.of(Map.of("name", "read", "description", "r")))));
        }
        String user = calls.createUsers("tt", 1).get(0);
        calls.grant("USER", user, resources.get(0), "ALLOW");
        String group = unique("ttg");
        ok(client.post("/api/v3/create-group", Map.of("code", group, "name", "g")));
        ok(client.post("/api/v3/add-group-members", Map.of("code", group, "userIds", List.of(user))));
        calls.grant("GROUP", group, resources.get(1), "ALLOW");
        calls.grant("GROUP", group, resources.get(0), "ALLOW");
        String role = unique("ttr");
        ok(client.post("/api/v3/create-role", Map.of("code", role, "namespace", "default")));
        calls.grant("ROLE", role, resources.get(2), "ALLOW");
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "namespace", "default",
                "targets", List.of(target("USER", user)))));
        JsonNode organization = ok(client.post("/api/v3/create-organization",
                Map.of("organizationCode", unique("ttorg"), "organizationName", "Org")));
        String department = ok(client.post("/api/v3/create-department", Map.of("organizationCode",
                organization.get("organizationCode").asText(), "parentDepartmentId",
                organization.get("departmentId").asText(), "name", "Dept"))).get("departmentId").asText();
        ok(client.post("/api/v3/add-department-members", Map.of("organizationCode",
                organization.get("organizationCode").asText(), "departmentId", department, "userIds", List.of(user))));
        calls.grant("DEPARTMENT", department, resources.get(3), "ALLOW");
        calls.grant("USER", user, resources.get(1), "DENY");

        JsonNode live = ok(client.get("/api/v3/get-user-authorized-resources",
                Map.of("userId", user, "namespace", "default")));
        JsonNode asOfNow = ok(client.get("/api/v3/get-user-authorized-resources-as-of",
                Map.of("userId", user, "namespace", "default", "at", java.time.Instant.now().toString())));
        assertThat(live.get("totalCount").asInt()).as("a DENY hides no ALLOW from the listing").isEqualTo(4);
        assertThat(byCode(asOfNow)).isEqualTo(byCode(live));
        for (String resource : resources) {
            boolean allowedThen = ok(client.get("/api/v3/is-action-allowed-as-of", Map.of("userId", user,
                    "resource", resource, "action", "read", "at", String.valueOf(System.currentTimeMillis()))))
                    .get("allowed").asBoolean();
            assertThat(allowedThen).as(resource).isEqualTo(allowed(user, resource));
        }

        JsonNode history = ok(client.get("/api/v3/get-group-history", Map.of("code", group)));
        assertThat(history.get("totalCount").asInt()).isEqualTo(2);
        assertThat(history.get("list").get(1).get("type").asText()).isEqualTo("GroupMembersAdded");
    }

    /** The live listing's order follows MongoDB's natural order of edges; compare entry by entry, by code. */
    private static Map<String, JsonNode> byCode(JsonNode page) {
        Map<String, JsonNode> entries = new java.util.TreeMap<>();
        page.get("list").forEach(entry -> entries.put(entry.get("resourceCode").asText() + "|"
                + entry.get("effect").asText(), entry));
        assertThat(entries).hasSize(page.get("list").size());
        return entries;
    }

    private static boolean allowed(String userId, String resource) {
        return ok(client.post("/api/v3/is-action-allowed", Map.of("userId", userId, "action", "read",
                "resource", resource, "namespace", "default"))).get("allowed").asBoolean();
    }
}
