package dev.authz.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles, organizations and departments over sockets, against a real PostgreSQL (event store, code registry,
 * assignment, tree and membership tables) and a real Kafka broker. No query side runs here.
 */
class RolesAndOrganizationsIntegrationTest extends CommandSideTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roleCodesAreUniquePerNamespace() {
        String code = unique("r");
        String ns = unique("ns");
        assertThat(poolA.post("/api/v3/create-namespace", Map.of("code", ns, "name", "N")).statusCode()).isEqualTo(200);
        JsonNode created = poolA.post("/api/v3/create-role", Map.of("code", code, "description", "d")).data();
        assertThat(created.path("namespace").asText()).isEqualTo("default");
        assertThat(poolA.post("/api/v3/create-role", Map.of("code", code, "namespace", ns)).statusCode()).isEqualTo(200);
        SignedClient.Response again = poolA.post("/api/v3/create-role", Map.of("code", code, "namespace", "default"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.message()).contains("角色标识符已存在");
        assertThat(poolA.post("/api/v3/create-role", Map.of("code", unique("r"), "namespace", unique("x"))).message())
                .isEqualTo("权限组不存在");
        assertThat(poolA.post("/api/v3/create-role", Map.of("code", "额! ")).message()).isEqualTo("invalid role code: 额! ");
        assertThat(poolA.post("/api/v3/create-role", Map.of("code", "")).message()).isEqualTo("参数 code 格式错误");
        // pool B has its own default namespace: the same code is free there
        assertThat(poolB.post("/api/v3/create-role", Map.of("code", code)).statusCode()).isEqualTo(200);
    }

    @Test
    void aRolesBatchIsAllOrNothingAndUpdateAnswersIsSuccess() {
        String taken = unique("r");
        String fresh = unique("r");
        poolA.post("/api/v3/create-role", Map.of("code", taken));
        SignedClient.Response batch = poolA.post("/api/v3/create-roles-batch", Map.of("list",
                List.of(Map.of("code", fresh), Map.of("code", taken))));
        assertThat(batch.statusCode()).isEqualTo(409);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM code_registry WHERE kind = 'ROLE' AND code = ?",
                Integer.class, fresh)).isZero();
        assertThat(poolA.post("/api/v3/create-roles-batch", Map.of("list", List.of(Map.of("code", "")))).message())
                .isEqualTo("role code must not empty");
        assertThat(poolA.post("/api/v3/create-roles-batch", Map.of("list", List.of())).message())
                .isEqualTo("参数 list 格式错误");

        assertThat(poolA.post("/api/v3/update-role", Map.of("code", fresh, "newCode", taken)).message())
                .isEqualTo("角色不存在");
        String another = unique("r");
        poolA.post("/api/v3/create-role", Map.of("code", another));
        SignedClient.Response clash = poolA.post("/api/v3/update-role", Map.of("code", another, "newCode", taken));
        assertThat(clash.statusCode()).isEqualTo(409);
        assertThat(clash.message()).contains("角色标识符已存在");
        String renamed = unique("r");
        SignedClient.Response updated = poolA.post("/api/v3/update-role",
                Map.of("code", taken, "newCode", renamed, "status", "DISABLE"));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.data().path("success").asBoolean()).isTrue();
        assertThat(poolA.post("/api/v3/update-role", Map.of("code", renamed, "newCode", "")).statusCode())
                .isEqualTo(200);
        assertThat(poolA.post("/api/v3/update-role", Map.of("code", renamed, "status", "PAUSED")).message())
                .isEqualTo("参数 status 格式错误");
        assertThat(poolA.post("/api/v3/delete-roles-batch", Map.of("codeList", List.of(unique("r")))).message())
                .isEqualTo("角色不存在");
        assertThat(poolA.post("/api/v3/delete-roles-batch", Map.of("codeList", List.of(renamed))).statusCode())
                .isEqualTo(200);
        assertThat(poolA.post("/api/v3/create-role", Map.of("code", renamed)).statusCode()).isEqualTo(200);
    }

    /** The SDK sends what the caller passes: disableTime absent keeps it, null ("never disabled") removes it. */
    @Test
    void updateRoleKeepsSetsAndClearsTheDisableTime() throws Exception {
        String code = unique("r");
        poolA.post("/api/v3/create-role", Map.of("code", code));
        assertThat(poolA.post("/api/v3/update-role", Map.of("code", code, "disableTime", 4_102_444_800_000L))
                .statusCode()).isEqualTo(200);
        assertThat(lastDisableTime(code)).isEqualTo(4_102_444_800_000L);
        assertThat(poolA.post("/api/v3/update-role", Map.of("code", code, "name", "renamed")).statusCode())
                .isEqualTo(200);
        assertThat(lastDisableTime(code)).as("absent: kept").isEqualTo(4_102_444_800_000L);
        assertThat(poolA.post("/api/v3/update-role", Map.of("code", code, "disableTime", "4102444800001"))
                .statusCode()).isEqualTo(200);
        assertThat(lastDisableTime(code)).as("a numeric string").isEqualTo(4_102_444_800_001L);
        Map<String, Object> clear = new HashMap<>(Map.of("code", code));
        clear.put("disableTime", null);
        assertThat(poolA.post("/api/v3/update-role", clear).statusCode()).isEqualTo(200);
        assertThat(lastDisableTime(code)).as("null: removed").isNull();
        assertThat(poolA.post("/api/v3/update-role", Map.of("code", code, "disableTime", true)).message())
                .isEqualTo("参数 disableTime 格式错误");
        assertThat(poolA.post("/api/v3/update-role", Map.of("code", code, "disableTime", List.of(1))).statusCode())
                .isEqualTo(400);
    }

    /** The disableTime of the role's latest stored event (the command side has no read model of roles). */
    private Long lastDisableTime(String code) throws Exception {
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE payload_type LIKE '%.Role%' AND aggregate_identifier = (SELECT aggregate_identifier FROM "
                + "domain_event_entry WHERE payload_type LIKE '%RoleCreated' AND convert_from(payload, 'UTF8') LIKE ?) "
                + "ORDER BY sequence_number DESC LIMIT 1", String.class, "%\"" + code + "\"%");
        JsonNode disableTime = JSON.readTree(payload).path("disableTime");
        return disableTime.isNull() || disableTime.isMissingNode() ? null : disableTime.asLong();
    }

    @Test
    void assignmentsAreIdempotentTimeBoundedAndRevocable() {
        String code = unique("r");
        poolA.post("/api/v3/create-role", Map.of("code", code));
        String user = userIn(poolA);
        Map<String, Object> target = Map.of("targetType", "USER", "targetIdentifier", user);
        assertThat(poolA.post("/api/v3/assign-role", Map.of("code", code, "targets", List.of(target))).statusCode())
                .isEqualTo(200);
        assertThat(poolA.post("/api/v3/assign-role", Map.of("code", code, "targets", List.of(target))).statusCode())
                .isEqualTo(200);
        String roleId = jdbc.queryForObject("SELECT role_id FROM role_assignment WHERE target_id = ?", String.class, user);
        assertThat(events(roleId, "RoleAssigned")).isEqualTo(1);

        assertThat(poolA.post("/api/v3/assign-role", Map.of("code", code, "targets", List.of(target),
                "enableTime", 1000L, "endTime", 2000L)).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT enable_time, end_time FROM role_assignment WHERE target_id = ?", user))
                .containsEntry("enable_time", 1000L).containsEntry("end_time", 2000L);
        assertThat(events(roleId, "RoleAssigned")).isEqualTo(2);

        assertThat(poolA.post("/api/v3/assign-role", Map.of("code", code, "targets",
                List.of(Map.of("targetType", "USER", "targetIdentifier", "nobody"))))).satisfies(r ->
                assertThat(r.message()).isEqualTo("用户不存在"));
        assertThat(poolA.post("/api/v3/assign-role", Map.of("code", code, "targets", List.of())).message())
                .isEqualTo("参数 targets 格式错误");
        assertThat(poolA.post("/api/v3/assign-role", Map.of("code", unique("r"), "targets", List.of(target)))
                .message()).isEqualTo("角色不存在");
        // pool B cannot assign pool A's role, nor pool A's user to its own role
        assertThat(poolB.post("/api/v3/assign-role", Map.of("code", code, "targets", List.of(target))).message())
                .isIn("角色不存在", "用户不存在");

        assertThat(poolA.post("/api/v3/revoke-role", Map.of("code", code, "targets", List.of(target))).statusCode())
                .isEqualTo(200);
        assertThat(poolA.post("/api/v3/revoke-role", Map.of("code", code, "targets", List.of(target))).statusCode())
                .isEqualTo(200);
        assertThat(events(roleId, "RoleRevoked")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM role_assignment WHERE role_id = ?", Integer.class, roleId))
                .isZero();
    }

    @Test
    void batchAssignmentsAreAllOrNothing() {
        String first = unique("r");
        String second = unique("r");
        poolA.post("/api/v3/create-roles-batch", Map.of("list", List.of(Map.of("code", first), Map.of("code", second))));
        String user = userIn(poolA);
        Map<String, Object> target = Map.of("targetType", "USER", "targetIdentifier", user);
        List<Map<String, String>> roles = List.of(Map.of("code", first), Map.of("code", second, "namespace", "default"));
        assertThat(poolA.post("/api/v3/assign-role-batch", Map.of("roles",
                List.of(Map.of("code", first), Map.of("code", unique("none"))), "targets", List.of(target))).message())
                .isEqualTo("角色不存在");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM role_assignment WHERE target_id = ?", Integer.class, user))
                .isZero();
        assertThat(poolA.post("/api/v3/assign-role-batch", Map.of("roles", roles, "targets", List.of(target)))
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM role_assignment WHERE target_id = ?", Integer.class, user))
                .isEqualTo(2);
        assertThat(poolA.post("/api/v3/revoke-role-batch", Map.of("roles", roles, "targets", List.of(target)))
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM role_assignment WHERE target_id = ?", Integer.class, user))
                .isZero();
        assertThat(poolA.post("/api/v3/assign-role-batch", Map.of("roles", List.of(), "targets", List.of(target)))
                .message()).isEqualTo("参数 roles 格式错误");
    }

    @Test
    void anOrganizationComesWithItsRootDepartmentAndGoesWithAllItsDepartments() {
        String code = unique("org");
        JsonNode org = poolA.post("/api/v3/create-organization",
                Map.of("organizationCode", code, "organizationName", "Acme")).data();
        String root = org.path("departmentId").asText();
        assertThat(jdbc.queryForObject("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class, root)).endsWith("DepartmentCreated");
        assertThat(jdbc.queryForObject("SELECT parent_id FROM department_node WHERE department_id = ?", String.class,
                root)).isNull();
        // an empty code gets a generated one, so it can be created again
        assertThat(poolA.post("/api/v3/create-organization", Map.of("organizationCode", "", "organizationName", "x"))
                .data().path("organizationCode").asText()).isNotEmpty();

        SignedClient.Response child = poolA.post("/api/v3/create-department", Map.of("organizationCode", code,
                "name", "Sales", "parentDepartmentId", root, "code", "sales"));
        assertThat(child.statusCode()).isEqualTo(200);
        String sales = child.data().path("departmentId").asText();
        assertThat(poolA.post("/api/v3/create-department", Map.of("organizationCode", code, "name", "Again",
                "parentDepartmentId", root, "code", "sales")).statusCode()).isEqualTo(409);
        String other = unique("org");
        String otherRoot = poolA.post("/api/v3/create-organization", Map.of("organizationCode", other,
                "organizationName", "Other")).data().path("departmentId").asText();
        assertThat(poolA.post("/api/v3/create-department", Map.of("organizationCode", other, "name", "Sales",
                "parentDepartmentId", otherRoot, "code", "sales")).statusCode()).isEqualTo(200);

        // the organization is checked before anything else of the department
        assertThat(poolA.post("/api/v3/create-department", Map.of("organizationCode", " ", "name", "n",
                "parentDepartmentId", root, "code", "sales")).message()).isEqualTo("invalid organization code  ");
        assertThat(poolA.post("/api/v3/create-department", Map.of("organizationCode", "", "name", "n",
                "parentDepartmentId", root)).message()).isEqualTo("organization not found for code: ");
        assertThat(poolA.post("/api/v3/create-department", Map.of("organizationCode", "1".repeat(100), "name", "n",
                "parentDepartmentId", root)).message()).isEqualTo("参数 organizationCode 格式错误");

        // the root department can be renamed and take a code
        SignedClient.Response renamed = poolA.post("/api/v3/update-department", Map.of("organizationCode", code,
                "departmentId", root, "code", "anyway", "name", "HQ"));
        assertThat(renamed.data().path("code").asText()).isEqualTo("anyway");
        assertThat(poolA.post("/api/v3/update-department", Map.of("organizationCode", code, "departmentId", root,
                "code", "额！ ")).message()).isEqualTo("invalid organization code: 额！ ");

        // the new code is checked before the organization is looked up
        assertThat(poolA.post("/api/v3/update-organization", Map.of("organizationCode", unique("none"),
                "organizationNewCode", " ")).message()).isEqualTo("invalid organization code:  ");
        assertThat(poolA.post("/api/v3/delete-organization", Map.of("organizationCode", "")).message())
                .isEqualTo("参数 organizationCode 格式错误");

        assertThat(poolA.post("/api/v3/delete-organization", Map.of("organizationCode", code)).statusCode())
                .isEqualTo(200);
        assertThat(events(sales, "DepartmentDeleted")).isEqualTo(1);
        assertThat(events(root, "DepartmentDeleted")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM code_registry WHERE pool_id = 'pool-a' AND "
                + "(code = ? OR (kind = 'DEPARTMENT' AND entity_id IN (?, ?)))", Integer.class, code, sales, root))
                .isZero();
        assertThat(poolA.post("/api/v3/delete-organization", Map.of("organizationCode", code)).message())
                .isEqualTo("organization not found for code: " + code);
    }

    @Test
    void departmentMembershipAndItsCodeFollowTheDepartment() {
        String code = unique("org");
        String root = poolA.post("/api/v3/create-organization", Map.of("organizationCode", code,
                "organizationName", "Org")).data().path("departmentId").asText();
        String user = userIn(poolA);
        Map<String, Object> create = Map.of("organizationCode", code, "name", "Team", "parentDepartmentId", root,
                "code", "team");
        String team = poolA.post("/api/v3/create-department", create).data().path("departmentId").asText();

        assertThat(poolA.post("/api/v3/add-department-members", Map.of("organizationCode", code,
                "departmentId", team, "userIds", List.of(user, "5a597f35085a2000144a10ed"))).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT user_id FROM department_membership WHERE department_id = ?",
                String.class, team)).containsExactly(user);

        assertThat(poolA.post("/api/v3/set-user-departments", Map.of("userId", user,
                "departments", List.of(Map.of("departmentId", "nope")))).message())
                .isEqualTo("存在不合法的 departmentId: nope");
        assertThat(poolA.post("/api/v3/set-user-departments", Map.of("userId", user,
                "departments", List.of(Map.of("departmentId", root)))).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT department_id FROM department_membership WHERE user_id = ?",
                String.class, user)).containsExactly(root);
        assertThat(poolA.post("/api/v3/set-user-departments", Map.of("userId", user, "departments", List.of()))
                .message()).isEqualTo("参数 departments 格式错误");

        // a role held by the department ends with it, and the code is free again
        String role = unique("r");
        poolA.post("/api/v3/create-role", Map.of("code", role));
        assertThat(poolA.post("/api/v3/assign-role", Map.of("code", role, "targets",
                List.of(Map.of("targetType", "DEPARTMENT", "targetIdentifier", team)))).statusCode()).isEqualTo(200);
        assertThat(poolA.post("/api/v3/delete-department", Map.of("organizationCode", code, "departmentId", team))
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM role_assignment WHERE target_id = ?", Integer.class, team))
                .isZero();
        assertThat(poolA.post("/api/v3/create-department", create).statusCode()).isEqualTo(200);
        assertThat(poolA.post("/api/v3/delete-department", Map.of("organizationCode", code, "departmentId", root))
                .message()).isEqualTo("参数 departmentId 格式错误");
    }

    @Test
    void aDeletedUserLeavesItsDepartmentsAndLosesItsRolesFirst() {
        String code = unique("org");
        String root = poolA.post("/api/v3/create-organization", Map.of("organizationCode", code,
                "organizationName", "Org")).data().path("departmentId").asText();
        String user = userIn(poolA);
        poolA.post("/api/v3/add-department-members", Map.of("organizationCode", code, "departmentId", root,
                "userIds", List.of(user)));
        String role = unique("r");
        poolA.post("/api/v3/create-role", Map.of("code", role));
        poolA.post("/api/v3/assign-role", Map.of("code", role, "targets",
                List.of(Map.of("targetType", "USER", "targetIdentifier", user))));
        String roleId = jdbc.queryForObject("SELECT role_id FROM role_assignment WHERE target_id = ?", String.class, user);

        assertThat(poolA.post("/api/v3/delete-users-batch", Map.of("userIds", List.of(user))).statusCode())
                .isEqualTo(200);
        long removed = position(root, "DepartmentMembersRemoved");
        long revoked = position(roleId, "RoleRevoked");
        long deleted = position(user, "UserDeleted");
        assertThat(removed).isLessThan(deleted);
        assertThat(revoked).isLessThan(deleted);
        assertThat(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE global_index = ?", String.class, revoked)).contains("USER_DELETED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM department_membership WHERE user_id = ?", Integer.class,
                user)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM role_assignment WHERE target_id = ?", Integer.class,
                user)).isZero();
    }

    private String userIn(SignedClient pool) {
        return pool.post("/api/v3/create-user", Map.of("username", unique("u"))).data().path("userId").asText();
    }

    private int events(String aggregateId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE ?", Integer.class, aggregateId, "%." + type);
    }

    private long position(String aggregateId, String type) {
        return jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE ?", Long.class, aggregateId, "%." + type);
    }

}
