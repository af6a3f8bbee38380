package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DepartmentUpdated;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.OrganizationCreated;
import dev.authz.api.event.OrganizationDeleted;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserCreated;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Role, organization and department reads over Kafka and the Mongo wire server. */
class RoleAndOrganizationReadsTest extends IntegrationTestBase {
    private static final long HOUR = 3_600_000L;

    private String user() {
        String userId = newId();
        publishAndWait(new UserCreated(POOL_A, userId, profile(Map.of("username", unique("user")))));
        return userId;
    }

    private static List<String> userIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("list").forEach(user -> ids.add(user.path("userId").asText()));
        return ids;
    }

    @Test
    void rolesAreReadByNamespaceAndCode() {
        String nsCode = unique("ns");
        String nsId = newId();
        String otherNsId = newId();
        String otherNs = unique("ns");
        publishAndWait(new NamespaceCreated(POOL_A, nsId, nsCode, "Books", ""),
                new NamespaceCreated(POOL_A, otherNsId, otherNs, "Other", ""));
        String roleId = newId();
        publishAndWait(new RoleCreated(POOL_A, roleId, nsId, "editor", "Editor", "edits", "ENABLE", null),
                new RoleCreated(POOL_A, newId(), otherNsId, "editor", "Other editor", "", "ENABLE", null));

        JsonNode role = poolA().get("/api/v3/get-role", Map.of("code", "editor", "namespace", nsCode)).data();
        assertThat(role.path("id").asText()).isEqualTo(roleId);
        assertThat(role.path("namespace").asText()).isEqualTo(nsCode);
        assertThat(role.path("namespaceName").asText()).isEqualTo("Books");
        assertThat(role.path("status").asText()).isEqualTo("ENABLE");
        assertThat(poolA().get("/api/v3/get-role", Map.of("code", "editor", "namespace", otherNs)).data()
                .path("name").asText()).isEqualTo("Other editor");
        assertThat(poolA().get("/api/v3/get-role", Map.of("code", "nobody", "namespace", nsCode)).message())
                .isEqualTo("角色不存在");
        assertThat(poolA().get("/api/v3/get-role", Map.of("code", "editor", "namespace", unique("x"))).message())
                .isEqualTo("权限组不存在");
        assertThat(poolA().get("/api/v3/get-role", Map.of("code", "", "namespace", nsCode)).message())
                .isEqualTo("参数 code 格式错误");
        assertThat(poolB().get("/api/v3/get-role", Map.of("code", "editor", "namespace", nsCode)).message())
                .isEqualTo("权限组不存在");

        JsonNode list = poolA().get("/api/v3/list-roles", Map.of("namespace", nsCode)).data();
        assertThat(list.path("totalCount").asLong()).isEqualTo(1);
        assertThat(poolA().get("/api/v3/list-roles", Map.of("namespace", nsCode, "limit", 10000)).message())
                .isEqualTo("参数 limit 格式错误");
        assertThat(poolA().get("/api/v3/list-namespace-roles", Map.of("code", nsCode)).data().path("list").get(0)
                .path("code").asText()).isEqualTo("editor");

        publishAndWait(new RoleUpdated(POOL_A, roleId, nsId, "writer", "editor", "Writer", "writes", "ENABLE", null));
        assertThat(poolA().get("/api/v3/get-role", Map.of("code", "editor", "namespace", nsCode)).message())
                .isEqualTo("角色不存在");
        assertThat(poolA().get("/api/v3/get-role", Map.of("code", "writer", "namespace", nsCode)).data()
                .path("name").asText()).isEqualTo("Writer");

        publishAndWait(new RoleDeleted(POOL_A, roleId, nsId, "writer"));
        assertThat(poolA().get("/api/v3/get-role", Map.of("code", "writer", "namespace", nsCode)).message())
                .isEqualTo("角色不存在");
    }

    @Test
    void assignmentsCountOnlyInsideTheirWindowAndWhileTheRoleIsEnabled() {
        String nsCode = unique("ns");
        String nsId = newId();
        publishAndWait(new NamespaceCreated(POOL_A, nsId, nsCode, "NS", ""));
        String roleId = newId();
        publishAndWait(new RoleCreated(POOL_A, roleId, nsId, "admin", "Admin", "", "ENABLE", null));
        String always = user();
        String ended = user();
        String future = user();
        String current = user();
        long now = System.currentTimeMillis();
        publishAndWait(new RoleAssigned(POOL_A, roleId, nsId, "USER", List.of(always), null, null),
                new RoleAssigned(POOL_A, roleId, nsId, "USER", List.of(ended), now - 2 * HOUR, now - HOUR),
                new RoleAssigned(POOL_A, roleId, nsId, "USER", List.of(future), now + HOUR, null),
                new RoleAssigned(POOL_A, roleId, nsId, "USER", List.of(current), now - HOUR, now + HOUR));

        JsonNode members = poolA().get("/api/v3/list-role-members", Map.of("code", "admin", "namespace", nsCode))
                .data();
        assertThat(members.path("totalCount").asLong()).isEqualTo(2);
        assertThat(userIds(members)).containsExactly(always, current);
        assertThat(poolA().get("/api/v3/list-role-assignments", Map.of("roleCode", "admin", "namespaceCode", nsCode))
                .data().path("totalCount").asLong()).isEqualTo(2);

        assertThat(poolA().get("/api/v3/get-user-roles", Map.of("userId", current, "namespace", nsCode)).data()
                .path("list").get(0).path("code").asText()).isEqualTo("admin");
        assertThat(poolA().get("/api/v3/get-user-roles", Map.of("userId", ended)).data().path("totalCount").asLong())
                .isZero();
        assertThat(hasAnyRole(current, nsCode, "admin")).isTrue();
        assertThat(hasAnyRole(future, nsCode, "admin")).isFalse();
        assertThat(hasAnyRole(current, nsCode, "ghost")).isFalse();
        assertThat(poolA().post("/api/v3/has-any-role", Map.of("userId", current, "roles", List.of())).message())
                .isEqualTo("参数 roles 格式错误");

        // re-assigning with a new window moves it; revoking ends it
        publishAndWait(new RoleAssigned(POOL_A, roleId, nsId, "USER", List.of(future), now - HOUR, null),
                new RoleRevoked(POOL_A, roleId, nsId, "USER", List.of(always), "REQUESTED"));
        assertThat(userIds(poolA().get("/api/v3/list-role-members", Map.of("code", "admin", "namespace", nsCode))
                .data())).containsExactlyInAnyOrder(current, future);

        // a disabled role, or one past its disableTime, counts for nobody
        publishAndWait(new RoleUpdated(POOL_A, roleId, nsId, "admin", "admin", "Admin", "", "DISABLE", null));
        assertThat(hasAnyRole(current, nsCode, "admin")).isFalse();
        assertThat(poolA().get("/api/v3/get-user-roles", Map.of("userId", current)).data().path("totalCount")
                .asLong()).isZero();
        publishAndWait(new RoleUpdated(POOL_A, roleId, nsId, "admin", "admin", "Admin", "", "ENABLE", now - 1));
        assertThat(hasAnyRole(current, nsCode, "admin")).isFalse();
        publishAndWait(new RoleUpdated(POOL_A, roleId, nsId, "admin", "admin", "Admin", "", "ENABLE", now + HOUR));
        assertThat(hasAnyRole(current, nsCode, "admin")).isTrue();
    }

    private boolean hasAnyRole(String userId, String namespace, String code) {
        return poolA().post("/api/v3/has-any-role", Map.of("userId", userId,
                "roles", List.of(Map.of("namespace", namespace, "code", code)))).data().path("hasAnyRole").asBoolean();
    }

    @Test
    void organizationsAndTheirDepartmentTree() {
        String orgId = newId();
        String root = newId();
        String code = unique("org");
        String name = "root " + unique("pool");
        publishAndWait(new OrganizationCreated(POOL_A, orgId, code, name, "", root),
                new DepartmentCreated(POOL_A, root, orgId, null, null, name, ""));
        String child = newId();
        publishAndWait(new DepartmentCreated(POOL_A, child, orgId, root, "sales", "Sales", "sells"));
        // renaming the root department does not rename the organization
        publishAndWait(new DepartmentUpdated(POOL_A, root, orgId, null, "anyway", null, "Renamed root", ""));

        JsonNode found = poolA().get("/api/v3/search-organizations", Map.of("keywords", name)).data();
        assertThat(found.path("totalCount").asLong()).isEqualTo(1);
        assertThat(found.path("list").get(0).path("organizationCode").asText()).isEqualTo(code);
        assertThat(found.path("list").get(0).path("organizationName").asText()).isEqualTo(name);
        assertThat(found.path("list").get(0).path("departmentId").asText()).isEqualTo(root);
        assertThat(found.path("list").get(0).path("hasChildren").asBoolean()).isTrue();
        assertThat(poolA().get("/api/v3/search-organizations", Map.of("keywords", "")).message())
                .isEqualTo("参数 keywords 格式错误");
        assertThat(poolA().get("/api/v3/list-organizations", Map.of("page", -1)).message())
                .isEqualTo("参数 page 格式错误");
        assertThat(poolA().get("/api/v3/list-organizations", Map.of()).data().path("totalCount").asLong())
                .isGreaterThanOrEqualTo(1);

        JsonNode department = poolA().get("/api/v3/get-department",
                Map.of("organizationCode", code, "departmentId", child)).data();
        assertThat(department.path("organizationCode").asText()).isEqualTo(code);
        assertThat(department.path("parentDepartmentId").asText()).isEqualTo(root);
        assertThat(department.path("parentDepartmentCode").asText()).isEqualTo("anyway");
        assertThat(poolA().get("/api/v3/get-department", Map.of("organizationCode", code, "departmentId", "sales",
                "departmentIdType", "code")).data().path("departmentId").asText()).isEqualTo(child);
        assertThat(poolA().get("/api/v3/get-parent-department", Map.of("organizationCode", code,
                "departmentId", child)).data().path("name").asText()).isEqualTo("Renamed root");
        assertThat(poolA().get("/api/v3/list-children-departments", Map.of("organizationCode", code,
                "departmentId", root)).data().path("list").get(0).path("departmentId").asText()).isEqualTo(child);
        assertThat(poolA().post("/api/v3/search-departments", Map.of("organizationCode", code, "keywords", "sal"))
                .data().get(0).path("code").asText()).isEqualTo("sales");

        // the organization code checks the SDK's department specs expect
        assertThat(poolA().get("/api/v3/get-department", Map.of("organizationCode", "额！ ", "departmentId", child))
                .message()).isEqualTo("organization not found for code: 额！ ");
        assertThat(poolA().get("/api/v3/get-department", Map.of("organizationCode", "", "departmentId", child))
                .message()).isEqualTo("organization not found for code: ");
        assertThat(poolA().get("/api/v3/get-department", Map.of("organizationCode", "1".repeat(100),
                "departmentId", child)).message()).isEqualTo("参数 organizationCode 格式错误");
        assertThat(poolB().get("/api/v3/get-department", Map.of("organizationCode", code, "departmentId", child))
                .message()).isEqualTo("organization not found for code: " + code);

        publishAndWait(new DepartmentDeleted(POOL_A, child, orgId, "sales"), new DepartmentDeleted(POOL_A, root, orgId,
                "anyway"), new OrganizationDeleted(POOL_A, orgId, code));
        assertThat(poolA().get("/api/v3/search-organizations", Map.of("keywords", name)).data().path("totalCount")
                .asLong()).isZero();
    }

    @Test
    void departmentMembersAndTheUsersDepartmentIds() {
        String orgId = newId();
        String root = newId();
        String code = unique("org");
        publishAndWait(new OrganizationCreated(POOL_A, orgId, code, "Org", "", root),
                new DepartmentCreated(POOL_A, root, orgId, null, null, "Org", ""));
        String child = newId();
        publishAndWait(new DepartmentCreated(POOL_A, child, orgId, root, null, "Team", ""));
        String alice = newId();
        String bob = newId();
        publishAndWait(new UserCreated(POOL_A, alice, profile(Map.of("username", unique("alice")))),
                new UserCreated(POOL_A, bob, profile(Map.of("username", unique("bob")))));
        publishAndWait(new DepartmentMembersAdded(POOL_A, root, List.of(alice)),
                new DepartmentMembersAdded(POOL_A, child, List.of(alice, bob)));

        Map<String, Object> rootQuery = Map.of("organizationCode", code, "departmentId", root);
        assertThat(userIds(poolA().get("/api/v3/list-department-members", rootQuery).data()))
                .containsExactly(alice);
        assertThat(poolA().get("/api/v3/list-department-members", Map.of("organizationCode", code,
                "departmentId", root, "includeChildrenDepartments", true)).data().path("totalCount").asLong())
                .isEqualTo(2);
        assertThat(poolA().get("/api/v3/list-department-member-ids", Map.of("organizationCode", code,
                "departmentId", child)).data()).hasSize(2);
        assertThat(poolA().get("/api/v3/is-user-in-department", Map.of("organizationCode", code,
                "departmentId", root, "userId", bob)).data().path("inDepartment").asBoolean()).isFalse();
        assertThat(poolA().get("/api/v3/is-user-in-department", Map.of("organizationCode", code,
                "departmentId", child, "userId", bob)).data().path("inDepartment").asBoolean()).isTrue();
        assertThat(poolA().get("/api/v3/search-department-members", Map.of("organizationCode", code,
                "departmentId", child, "keywords", "bob")).data().path("totalCount").asLong()).isEqualTo(1);

        JsonNode withIds = poolA().get("/api/v3/get-user", Map.of("userId", alice, "withDepartmentIds", true)).data();
        assertThat(withIds.path("departmentIds")).hasSize(2);
        JsonNode departments = poolA().get("/api/v3/get-user-departments", Map.of("userId", alice)).data();
        assertThat(departments.path("totalCount").asLong()).isEqualTo(2);
        assertThat(poolA().get("/api/v3/get-user-departments", Map.of("userId", " ")).message())
                .isEqualTo("用户不存在");
        assertThat(poolA().get("/api/v3/get-user-departments", Map.of("userId", "")).message())
                .isEqualTo("参数 userId 格式错误");

        publishAndWait(new DepartmentMembersRemoved(POOL_A, root, List.of(alice), "REQUESTED"));
        assertThat(poolA().get("/api/v3/get-user", Map.of("userId", alice, "withDepartmentIds", true)).data()
                .path("departmentIds")).hasSize(1);
        publishAndWait(new DepartmentDeleted(POOL_A, child, orgId, null));
        assertThat(poolA().get("/api/v3/get-user", Map.of("userId", alice, "withDepartmentIds", true)).data()
                .path("departmentIds")).isEmpty();
        assertThat(poolA().get("/api/v3/get-user", Map.of("userId", bob)).data().path("departmentIds").isNull())
                .isTrue();
    }

    @Test
    void aRolesDepartmentsAreListed() {
        String nsCode = unique("ns");
        String nsId = newId();
        publishAndWait(new NamespaceCreated(POOL_A, nsId, nsCode, "NS", ""));
        String orgId = newId();
        String root = newId();
        publishAndWait(new OrganizationCreated(POOL_A, orgId, unique("org"), "Org", "", root),
                new DepartmentCreated(POOL_A, root, orgId, null, "hq", "HQ", "head office"));
        String roleId = newId();
        publishAndWait(new RoleCreated(POOL_A, roleId, nsId, "auditor", "Auditor", "", "ENABLE", null));
        publishAndWait(new RoleAssigned(POOL_A, roleId, nsId, "DEPARTMENT", List.of(root), null, null));
        JsonNode page = poolA().get("/api/v3/list-role-departments", Map.of("code", "auditor", "namespace", nsCode))
                .data();
        assertThat(page.path("totalCount").asLong()).isEqualTo(1);
        assertThat(page.path("list").get(0).path("code").asText()).isEqualTo("hq");
        assertThat(poolA().get("/api/v3/list-role-departments", Map.of("code", "额！ ", "namespace", nsCode))
                .message()).isEqualTo("角色不存在");
        assertThat(poolA().get("/api/v3/list-role-departments", Map.of("code", "1".repeat(100), "namespace", nsCode))
                .message()).isEqualTo("参数 code 格式错误");
    }
}
