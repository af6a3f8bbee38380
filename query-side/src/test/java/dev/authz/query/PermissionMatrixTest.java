package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceAuthorizationsRevoked;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events in, is-action-allowed out: every path by which a user reaches a resource, and every change that
 * must change the answer right after its event is applied.
 */
class PermissionMatrixTest extends IntegrationTestBase {
    private static final long HOUR = 3_600_000L;
    private String ns;
    private String nsCode;

    @BeforeEach
    void namespace() {
        TestNamespace namespace = createNamespace("perm");
        ns = namespace.id();
        nsCode = namespace.code();
    }

    private ResourcesAuthorized grant(String type, String targetId, String code, String effect, String... actions) {
        return new ResourcesAuthorized(POOL_A, PolicyIds.of(POOL_A, ns, type, targetId), ns, type, targetId,
                List.of(new ResourceGrant(code, "DATA", List.of(actions), effect)));
    }

    private boolean allowed(String userId, String action, String resource) {
        return allowed(nsCode, userId, action, resource);
    }

    private RoleCreated role(String code) {
        return new RoleCreated(POOL_A, newId(), ns, code, code, null, "ENABLE", null);
    }

    @Test
    void directGrantWithPrefixAndWildcardAction() {
        String user = newId();
        publishAndWait(grant("USER", user, "books:*", "ALLOW", "read"));
        assertThat(allowed(user, "read", "books:1")).isTrue();
        assertThat(allowed(user, "write", "books:1")).isFalse();
        assertThat(allowed(user, "read", "films:1")).isFalse();
        assertThat(allowed(newId(), "read", "books:1")).isFalse();
        publishAndWait(grant("USER", user, "books:*", "ALLOW", "*"));
        assertThat(allowed(user, "write", "books:1")).as("a re-grant replaces").isTrue();
        publishAndWait(new ResourceAuthorizationsRevoked(POOL_A, PolicyIds.of(POOL_A, ns, "USER", user), ns, "USER",
                user, false, List.of("books:*"), "REQUESTED"));
        assertThat(allowed(user, "read", "books:1")).isFalse();
    }

    @Test
    void groupPathRenameKeepsItMemberRemovalAndDeletionEndIt() {
        String alice = newId();
        String bob = newId();
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("g"), "G", null, null, Map.of());
        publishAndWait(group, new GroupMembersAdded(POOL_A, group.groupId(), List.of(alice, bob)));
        publishAndWait(grant("GROUP", group.groupId(), "docs", "ALLOW", "read"));
        assertThat(allowed(alice, "read", "docs")).isTrue();
        assertThat(allowed(bob, "read", "docs")).isTrue();

        publishAndWait(new GroupUpdated(POOL_A, group.groupId(), unique("renamed"), group.code(), "G", null, Map.of()));
        assertThat(allowed(alice, "read", "docs")).as("renamed group").isTrue();

        publishAndWait(new GroupMembersRemoved(POOL_A, group.groupId(), List.of(bob), GroupMembersRemoved.REQUESTED));
        assertThat(allowed(bob, "read", "docs")).as("member removed").isFalse();
        assertThat(allowed(alice, "read", "docs")).isTrue();

        publishAndWait(new GroupDeleted(POOL_A, group.groupId(), group.code()));
        assertThat(allowed(alice, "read", "docs")).as("group deleted").isFalse();
    }

    @Test
    void rolePathWithRenameDisableAndDelete() {
        String user = newId();
        RoleCreated role = role(unique("r"));
        publishAndWait(role, new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(user), null, null));
        publishAndWait(grant("ROLE", role.roleId(), "reports", "ALLOW", "read"));
        assertThat(allowed(user, "read", "reports")).isTrue();

        publishAndWait(new RoleUpdated(POOL_A, role.roleId(), ns, unique("renamed"), role.code(), "x", null,
                "ENABLE", null));
        assertThat(allowed(user, "read", "reports")).as("renamed role").isTrue();

        RoleUpdated disabled = new RoleUpdated(POOL_A, role.roleId(), ns, role.code(), role.code(), "x", null,
                "DISABLE", null);
        publishAndWait(disabled);
        assertThat(allowed(user, "read", "reports")).as("role disabled").isFalse();
        publishAndWait(new RoleUpdated(POOL_A, role.roleId(), ns, role.code(), role.code(), "x", null, "ENABLE",
                System.currentTimeMillis() - 1));
        assertThat(allowed(user, "read", "reports")).as("role past its disableTime").isFalse();
        publishAndWait(new RoleUpdated(POOL_A, role.roleId(), ns, role.code(), role.code(), "x", null, "ENABLE",
                null));
        assertThat(allowed(user, "read", "reports")).isTrue();

        publishAndWait(new RoleRevoked(POOL_A, role.roleId(), ns, "USER", List.of(user), "REQUESTED"));
        assertThat(allowed(user, "read", "reports")).as("role revoked").isFalse();
        publishAndWait(new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(user), null, null));
        assertThat(allowed(user, "read", "reports")).isTrue();
        publishAndWait(new RoleDeleted(POOL_A, role.roleId(), ns, role.code()));
        assertThat(allowed(user, "read", "reports")).as("role deleted").isFalse();
    }

    @Test
    void assignmentWindowsAreEvaluatedAtReadTime() {
        String expired = newId();
        String future = newId();
        String current = newId();
        long now = System.currentTimeMillis();
        RoleCreated role = role(unique("r"));
        publishAndWait(role, grant("ROLE", role.roleId(), "vault", "ALLOW", "open"));
        publishAndWait(new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(expired), now - 2 * HOUR, now - HOUR),
                new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(future), now + HOUR, null),
                new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(current), now - HOUR, now + HOUR));
        assertThat(allowed(expired, "open", "vault")).as("endTime in the past").isFalse();
        assertThat(allowed(future, "open", "vault")).as("not yet valid").isFalse();
        assertThat(allowed(current, "open", "vault")).isTrue();
    }

    @Test
    void departmentRolePathAndDenyOverride() {
        String user = newId();
        String department = newId();
        RoleCreated role = role(unique("r"));
        publishAndWait(new DepartmentCreated(POOL_A, department, newId(), null, unique("d"), "D", null),
                new DepartmentMembersAdded(POOL_A, department, List.of(user)));
        publishAndWait(role, new RoleAssigned(POOL_A, role.roleId(), ns, "DEPARTMENT", List.of(department), null, null));
        publishAndWait(grant("ROLE", role.roleId(), "ledger:*", "ALLOW", "*"));
        assertThat(allowed(user, "write", "ledger:2024")).as("department → role").isTrue();

        publishAndWait(grant("USER", user, "ledger:2024", "DENY", "write"));
        assertThat(allowed(user, "write", "ledger:2024")).as("DENY wins").isFalse();
        assertThat(allowed(user, "read", "ledger:2024")).isTrue();
        assertThat(allowed(user, "write", "ledger:2023")).isTrue();
    }

    @Test
    void aReplayedEventChangesNothing() {
        String user = newId();
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("g"), "G", null, null, Map.of());
        publishAndWait(group, grant("GROUP", group.groupId(), "wiki", "ALLOW", "edit"));
        EventStream.Record added = events().next(new GroupMembersAdded(POOL_A, group.groupId(), List.of(user)));
        events().send(added);
        assertThat(applied(added.position(), 10_000)).isTrue();
        publishAndWait(new GroupMembersRemoved(POOL_A, group.groupId(), List.of(user), GroupMembersRemoved.REQUESTED));
        assertThat(allowed(user, "edit", "wiki")).isFalse();

        events().send(added); // redelivered after the removal: the sequence guard skips it
        publishAndWait(grant("USER", newId(), "other", "ALLOW", "x")); // a marker behind it on the topic
        assertThat(allowed(user, "edit", "wiki")).isFalse();
    }

    @Test
    void userAuthorizedResourcesIsTheUnionOfEveryPath() {
        String user = newId();
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("g"), "G", null, null, Map.of());
        RoleCreated role = role(unique("r"));
        publishAndWait(new UserCreated(POOL_A, user, profile(Map.of("username", unique("u")))));
        publishAndWait(group, new GroupMembersAdded(POOL_A, group.groupId(), List.of(user)));
        publishAndWait(role, new RoleAssigned(POOL_A, role.roleId(), ns, "USER", List.of(user), null, null));
        publishAndWait(grant("USER", user, "a", "ALLOW", "read"), grant("GROUP", group.groupId(), "b", "ALLOW", "read"),
                grant("ROLE", role.roleId(), "c", "ALLOW", "read"));

        JsonNode page = poolA().get("/api/v3/get-user-authorized-resources",
                Map.of("userId", user, "namespace", nsCode)).data();
        assertThat(page.path("totalCount").asInt()).isEqualTo(3);
        assertThat(page.path("list").findValuesAsText("resourceCode")).containsExactlyInAnyOrder("a", "b", "c");

        JsonNode targets = poolA().post("/api/v3/get-resource-authorized-targets",
                Map.of("resource", "b", "namespace", nsCode)).data();
        assertThat(targets.path("list").get(0).path("targetIdentifier").asText()).isEqualTo(group.code());

        publishAndWait(new UserDeleted(POOL_A, user));
        assertThat(allowed(user, "read", "a")).isFalse();
        assertThat(allowed(user, "read", "b")).isFalse();
    }

    @Test
    void anotherPoolSeesNothing() {
        String user = newId();
        publishAndWait(grant("USER", user, "books", "ALLOW", "read"));
        SignedClient.Response response = poolB().post("/api/v3/is-action-allowed",
                Map.of("userId", user, "action", "read", "resource", "books", "namespace", nsCode));
        assertThat(response.statusCode()).isEqualTo(404); // pool B has no such namespace
    }
}
