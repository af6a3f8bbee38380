package dev.authz.query;

import com.mongodb.client.model.Filters;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceAuthorizationsRevoked;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserDeleted;
import dev.authz.kit.client.SignedClient;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permission read model at scale and out of order: fan-outs to more holders than one recompute batch, a
 * rename that recomputes nobody, department paths that end in every way, a deleted user that stays denied
 * whatever arrives late. Concurrent recomputes of one user: {@code authorization.PermissionGraphTest}.
 */
class PermissionFanOutTest extends IntegrationTestBase {
    private static final long HOUR = 3_600_000L;
    @Autowired
    ReadModel readModel;
    private String ns;
    private String nsCode;

    @BeforeEach
    void namespace() {
        TestNamespace namespace = createNamespace("fan-out");
        ns = namespace.id();
        nsCode = namespace.code();
    }

    private ResourcesAuthorized grant(String type, String targetId, String code) {
        return new ResourcesAuthorized(POOL_A, PolicyIds.of(POOL_A, ns, type, targetId), ns, type, targetId,
                List.of(new ResourceGrant(code, "DATA", List.of("read"), "ALLOW")));
    }

    private boolean allowed(String userId, String resource) {
        SignedClient.Response response = poolA().post("/api/v3/is-action-allowed",
                Map.of("userId", userId, "action", "read", "resource", resource, "namespace", nsCode));
        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
        return response.data().path("allowed").asBoolean();
    }

    /**
     * Runs a race the given number of times (only some interleavings show one); each round returns the users who
     * must no longer be allowed "vault". Returns those who still are, over all rounds.
     */
    private List<String> stillAllowedAfterRounds(int rounds, IntFunction<List<String>> round) {
        List<String> stillAllowed = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            round.apply(r).stream().filter(user -> allowed(user, "vault")).forEach(stillAllowed::add);
        }
        return stillAllowed;
    }

    /** An enabled role of the test's namespace with a fresh code. */
    private RoleCreated enabledRole(String codePrefix) {
        String code = unique(codePrefix);
        return new RoleCreated(POOL_A, newId(), ns, code, code, null, "ENABLE", null);
    }

    private static List<String> users(int count) {
        return IntStream.range(0, count).mapToObj(i -> newId()).toList();
    }

    /** Each user's effective document in the test namespace, straight from the read model. */
    private Map<String, Document> effective(List<String> userIds) {
        Map<String, Document> byUser = new HashMap<>();
        readModel.collection("effective_permissions")
                .find(Filters.in("_id", userIds.stream().map(u -> POOL_A + "|" + ns + "|" + u).toList()))
                .forEach(doc -> byUser.put(doc.getString("userId"), doc));
        return byUser;
    }

    /** How many of these users hold some grant now, according to their effective documents. */
    private long usersWithGrants(List<String> userIds) {
        return effective(userIds).values().stream()
                .filter(doc -> !doc.get("state", Document.class).getList("grants", Document.class).isEmpty()).count();
    }

    @Test
    void aRoleHeldByMoreUsersThanOneBatchDirectlyAndThroughADepartment() {
        // More direct holders than one recompute round (500), a few more through a department.
        List<String> direct = users(520);
        List<String> viaDepartment = users(80);
        List<String> everyone = new ArrayList<>(direct);
        everyone.addAll(viaDepartment);
        String department = newId();
        RoleCreated role = enabledRole("big");
        String code = role.code();
        publishAndWait(role, grant("ROLE", role.roleId(), "big:*"),
                new RoleAssigned(POOL_A, role.roleId(), ns, "USER", direct, null, null),
                new DepartmentCreated(POOL_A, department, newId(), null, unique("d"), "D", null),
                new DepartmentMembersAdded(POOL_A, department, viaDepartment),
                new RoleAssigned(POOL_A, role.roleId(), ns, "DEPARTMENT", List.of(department), null, null));
        assertThat(usersWithGrants(everyone)).isEqualTo(everyone.size());
        assertThat(allowed(direct.get(0), "big:1")).isTrue();
        assertThat(allowed(direct.get(direct.size() - 1), "big:1")).isTrue();
        assertThat(allowed(viaDepartment.get(viaDepartment.size() - 1), "big:1")).isTrue();

        Map<String, Object> ticketsBefore = new HashMap<>();
        effective(everyone).forEach((user, doc) -> ticketsBefore.put(user, doc.get("state", Document.class).get("t")));
        String renamed = unique("renamed");
        publishAndWait(new RoleUpdated(POOL_A, role.roleId(), ns, renamed, code, code, null, "ENABLE", null));
        Map<String, Object> ticketsAfter = new HashMap<>();
        effective(everyone).forEach((user, doc) -> ticketsAfter.put(user, doc.get("state", Document.class).get("t")));
        assertThat(ticketsAfter).as("a rename recomputes no holder").isEqualTo(ticketsBefore);
        assertThat(allowed(direct.get(7), "big:1")).isTrue();
        assertThat(poolA().get("/api/v3/get-role-authorized-resources", Map.of("code", renamed, "namespace", nsCode))
                .data().path("list").findValuesAsText("resourceCode")).containsExactly("big:*");
        assertThat(poolA().get("/api/v3/get-role-authorized-resources", Map.of("code", code, "namespace", nsCode))
                .statusCode()).as("the old code names nothing").isEqualTo(404);

        publishAndWait(new RoleUpdated(POOL_A, role.roleId(), ns, renamed, renamed, code, null, "DISABLE", null));
        assertThat(usersWithGrants(everyone)).as("a disabled role reaches every holder").isZero();
        assertThat(allowed(viaDepartment.get(3), "big:1")).isFalse();

        publishAndWait(new RoleUpdated(POOL_A, role.roleId(), ns, renamed, renamed, code, null, "ENABLE", null));
        assertThat(usersWithGrants(everyone)).isEqualTo(everyone.size());

        publishAndWait(new RoleDeleted(POOL_A, role.roleId(), ns, renamed));
        assertThat(usersWithGrants(everyone)).as("a deleted role reaches every holder").isZero();
        assertThat(allowed(direct.get(510), "big:1")).isFalse();
    }

    @Test
    void departmentPathsEndByRemovalRevocationAndDeletion() {
        String alice = newId();
        String bob = newId();
        String department = newId();
        RoleCreated role = enabledRole("r");
        // The role's stream runs ahead of the department's: the assignment arrives before the department exists.
        publishAndWait(role, grant("ROLE", role.roleId(), "ledger"),
                new RoleAssigned(POOL_A, role.roleId(), ns, "DEPARTMENT", List.of(department), null, null));
        publishAndWait(grant("DEPARTMENT", department, "wiki"),
                new DepartmentCreated(POOL_A, department, newId(), null, unique("d"), "D", null),
                new DepartmentMembersAdded(POOL_A, department, List.of(alice, bob)));
        assertThat(allowed(alice, "ledger")).as("department → role").isTrue();
        assertThat(allowed(alice, "wiki")).as("department").isTrue();
        assertThat(allowed(bob, "ledger")).isTrue();

        publishAndWait(new DepartmentMembersRemoved(POOL_A, department, List.of(bob), "REQUESTED"));
        assertThat(allowed(bob, "ledger")).as("left the department").isFalse();
        assertThat(allowed(bob, "wiki")).isFalse();

        publishAndWait(new RoleRevoked(POOL_A, role.roleId(), ns, "DEPARTMENT", List.of(department), "REQUESTED"));
        assertThat(allowed(alice, "ledger")).as("role revoked from the department").isFalse();
        assertThat(allowed(alice, "wiki")).isTrue();

        publishAndWait(new RoleAssigned(POOL_A, role.roleId(), ns, "DEPARTMENT", List.of(department), null, null));
        assertThat(allowed(alice, "ledger")).isTrue();
        publishAndWait(new DepartmentDeleted(POOL_A, department, newId(), null));
        assertThat(allowed(alice, "ledger")).as("department deleted: its role's path ends").isFalse();
        assertThat(allowed(alice, "wiki")).as("department deleted: its own grants end").isFalse();
        assertThat(poolA().get("/api/v3/get-authorized-resources", Map.of("targetType", "DEPARTMENT",
                "targetIdentifier", department, "namespace", nsCode)).statusCode()).isEqualTo(404);
    }

    /**
     * A role revoked from a department while members leave it, both at once on different partitions (as when a
     * department is deleted: the command side revokes its roles, then deletes it). Each removal used to decide whom
     * to recompute from the other's already-removed fact, so both could miss the members, who kept the role's
     * grants. Repeated, because only some interleavings show it.
     */
    @Test
    void aRoleLeavingADepartmentWhileItsMembersLeaveReachesThemAnyway() {
        RoleCreated role = enabledRole("race");
        publishAndWait(role, grant("ROLE", role.roleId(), "vault"));
        assertThat(stillAllowedAfterRounds(40, round -> {
            String department = newId();
            List<String> staff = users(3);
            publishAndWait(new DepartmentCreated(POOL_A, department, newId(), null, unique("d"), "D", null),
                    new DepartmentMembersAdded(POOL_A, department, staff),
                    new RoleAssigned(POOL_A, role.roleId(), ns, "DEPARTMENT", List.of(department), null, null));
            publishAtOnceAndWait(List.of(
                    new RoleRevoked(POOL_A, role.roleId(), ns, "DEPARTMENT", List.of(department), "DEPARTMENT_DELETED"),
                    round % 2 == 0 ? new DepartmentDeleted(POOL_A, department, newId(), null)
                            : new DepartmentMembersRemoved(POOL_A, department, staff, "REQUESTED")));
            return staff;
        })).as("users who kept the revoked role's grant").isEmpty();
    }

    /** The same race between a group's grants revoked and its members leaving. */
    @Test
    void aGroupsGrantsRevokedWhileItsMembersLeaveReachThemAnyway() {
        assertThat(stillAllowedAfterRounds(40, round -> {
            String group = newId();
            List<String> staff = users(3);
            ResourcesAuthorized granted = grant("GROUP", group, "vault");
            publishAndWait(new GroupCreated(POOL_A, group, unique("g"), "G", "", "static", null),
                    new GroupMembersAdded(POOL_A, group, staff), granted);
            publishAtOnceAndWait(List.of(
                    new ResourceAuthorizationsRevoked(POOL_A, granted.policyId(), ns, "GROUP", group, true, List.of(),
                            "REQUESTED"),
                    new GroupMembersRemoved(POOL_A, group, staff, "REQUESTED")));
            return staff;
        })).as("users who kept the revoked grant").isEmpty();
    }

    @Test
    void reassigningWithAnEndedWindowEndsTheAssignmentAtOnce() {
        String user = newId();
        RoleCreated role = enabledRole("r");
        long now = System.currentTimeMillis();
        publishAndWait(role, grant("ROLE", role.roleId(), "vault"),
                new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(user), now - HOUR, now + HOUR));
        assertThat(allowed(user, "vault")).isTrue();
        publishAndWait(new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(user), now - HOUR, now - 1));
        assertThat(allowed(user, "vault")).as("the new window has ended").isFalse();
    }

    /** A user's deletion as the command side makes it (each membership ends on its own stream), all at once. */
    @Test
    void aUserDeletedWhileItsMembershipsEndAtOnceIsDeniedEverywhere() {
        RoleCreated role = enabledRole("r");
        publishAndWait(role, grant("ROLE", role.roleId(), "vault"));
        assertThat(stillAllowedAfterRounds(30, round -> {
            String user = newId();
            String group = newId();
            String department = newId();
            publishAndWait(new GroupCreated(POOL_A, group, unique("g"), "G", "", "static", null),
                    new DepartmentCreated(POOL_A, department, newId(), null, unique("d"), "D", null),
                    grant("GROUP", group, "vault"), grant("DEPARTMENT", department, "vault"),
                    grant("USER", user, "vault"), // only the deletion itself ends this one
                    new GroupMembersAdded(POOL_A, group, List.of(user)),
                    new DepartmentMembersAdded(POOL_A, department, List.of(user)),
                    new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(user), null, null));
            publishAtOnceAndWait(List.of(
                    new GroupMembersRemoved(POOL_A, group, List.of(user), GroupMembersRemoved.USER_DELETED),
                    new DepartmentMembersRemoved(POOL_A, department, List.of(user), "USER_DELETED"),
                    new RoleRevoked(POOL_A, role.roleId(), ns, "USER", List.of(user), "USER_DELETED"),
                    new UserDeleted(POOL_A, user)));
            return List.of(user);
        })).as("deleted users still allowed").isEmpty();
    }

    @Test
    void aDeletedUserStaysDeniedWhateverArrivesLate() {
        String user = newId();
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("g"), "G", null, null, Map.of());
        GroupCreated later = new GroupCreated(POOL_A, newId(), unique("g"), "G2", null, null, Map.of());
        RoleCreated role = enabledRole("r");
        publishAndWait(group, later, role, grant("GROUP", group.groupId(), "a"), grant("GROUP", later.groupId(), "b"),
                grant("ROLE", role.roleId(), "c"), grant("USER", user, "d"),
                new GroupMembersAdded(POOL_A, group.groupId(), List.of(user)),
                new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(user), null, null));
        assertThat(List.of("a", "c", "d")).allMatch(resource -> allowed(user, resource));

        // The user's own stream runs ahead: its removals from the group and the role arrive after the deletion.
        publishAndWait(new UserDeleted(POOL_A, user));
        assertThat(List.of("a", "b", "c", "d")).noneMatch(resource -> allowed(user, resource));
        publishAndWait(new GroupMembersAdded(POOL_A, later.groupId(), List.of(user)));
        assertThat(allowed(user, "b")).as("a membership applied after the deletion").isFalse();
        publishAndWait(new GroupMembersRemoved(POOL_A, group.groupId(), List.of(user), GroupMembersRemoved.USER_DELETED),
                new RoleRevoked(POOL_A, role.roleId(), ns, "USER", List.of(user), "USER_DELETED"));
        assertThat(List.of("a", "b", "c", "d")).noneMatch(resource -> allowed(user, resource));
    }
}
