package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Management API calls several end-to-end tests make, signed like the SDK, each asserted to succeed. */
final class ManagementCalls {
    private final SignedClient client;

    ManagementCalls(SignedClient client) {
        this.client = client;
    }

    static JsonNode ok(SignedClient.Response response) {
        assertThat(response.statusCode()).as(response.message() + " " + response.body()).isEqualTo(200);
        return response.data();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> target(String type, String id) {
        return Map.of("targetType", type, "targetIdentifier", id);
    }

    List<String> createUsers(String prefix, int count) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Map.of("username", unique(prefix)));
        }
        List<String> ids = new ArrayList<>();
        ok(client.post("/api/v3/create-users-batch", Map.of("list", list))).forEach(u -> ids.add(u.get("userId").asText()));
        return ids;
    }

    /** An organization and one department under its root. */
    record Department(String organizationCode, String departmentId) {
    }

    Department createDepartment(String prefix) {
        JsonNode organization = ok(client.post("/api/v3/create-organization",
                Map.of("organizationCode", unique(prefix + "org"), "organizationName", "Org")));
        String orgCode = organization.get("organizationCode").asText();
        return new Department(orgCode, ok(client.post("/api/v3/create-department", Map.of("organizationCode",
                orgCode, "parentDepartmentId", organization.get("departmentId").asText(), "name", "Dept",
                "code", unique(prefix + "dept")))).get("departmentId").asText());
    }

    void addDepartmentMembers(Department department, List<String> userIds) {
        ok(client.post("/api/v3/add-department-members", Map.of("organizationCode", department.organizationCode(),
                "departmentId", department.departmentId(), "userIds", userIds)));
    }

    /** One read grant on a resource of the default namespace. */
    void grant(String targetType, String target, String resource, String effect) {
        ok(client.post("/api/v3/authorize-resources", Map.of("namespace", "default", "list", List.of(Map.of(
                "targetType", targetType, "targetIdentifiers", List.of(target),
                "resources", List.of(Map.of("code", resource, "actions", List.of("read"), "resourceType", "DATA",
                        "effect", effect)))))));
    }
}
