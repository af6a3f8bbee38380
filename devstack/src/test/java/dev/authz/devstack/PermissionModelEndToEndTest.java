package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.testing.PermissionModel;
import dev.authz.kit.testing.PermissionModel.Change;
import dev.authz.kit.testing.PermissionModelCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.target;
import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A random history from {@link PermissionModel} carried out through the management API as the SDK sends it
 * (memberships, role assignments with windows, ALLOW and DENY grants on exact, prefix and wildcard codes, role
 * status and disable-time changes, deletions of users, groups, departments and roles): after each round of calls,
 * the system must answer every question of {@link PermissionModelCheck} as the model does; at the end, the
 * effective permissions as of the instants of rounds 1, 4 and 7 (time travel through the event store) must be
 * what the model said at those instants. The query side's
 * PermissionModelTest checks the projection against the events such calls store; this checks the calls themselves,
 * the command side's cascades (a deleted user leaves its groups, departments and roles; a deleted department its
 * roles) included. Other histories: {@code -Dauthz.model.seeds=1,2,3}.
 */
class PermissionModelEndToEndTest {
    private static final int ROUNDS = 8;
    private static final int CALLS_PER_ROUND = 20;

    static Stream<Long> seeds() {
        return PermissionModel.seeds(5);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theSystemAnswersAsAPlainModelOfTheSameApiCalls(long seed) {
        SignedClient client = SystemUnderTest.client();
        List<String> namespaces = List.of(unique("model"), unique("model"));
        namespaces.forEach(code -> ok(client.post("/api/v3/create-namespace", Map.of("code", code, "name", code))));
        PermissionModel model = new PermissionModel(new Random(seed), namespaces.size(), false);
        Calls calls = new Calls(client, namespaces);
        PermissionModelCheck check = new PermissionModelCheck(client, model, calls);
        List<PermissionModelCheck.Moment> moments = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Change> changes = new ArrayList<>(round == 0 ? model.initialEntities() : List.of());
            while (changes.size() < CALLS_PER_ROUND) {
                changes.addAll(model.randomChange());
            }
            changes.forEach(calls::make);

            assertThat(check.differences()).as("seed %d, round %d; its calls:%n%s", seed, round,
                    String.join("\n", changes.stream().map(Object::toString).toList())).isEmpty();
            if (round % 3 == 1) {
                moments.add(check.lastMoment());
            }
        }
        // Time travel: the event store, read as of each instant, says what the model said then.
        for (PermissionModelCheck.Moment moment : moments) {
            assertThat(check.differencesAsOf(moment)).as("seed %d, as of %d", seed, moment.at()).isEmpty();
        }
        System.out.printf("seed %d: %s%n", seed, check.summary());
        assertThat(check.coverageProblems()).isEmpty();
    }

    /** Each change as the SDK's calls, with the ids and codes the system gave the model's handles. */
    private static final class Calls extends PermissionModelCheck.RecordedNames {
        private final SignedClient client;
        private final List<String> namespaces;
        private final Map<String, String> roleNamespaces = new HashMap<>();
        private final String organizationCode;
        private final String rootDepartmentId;

        Calls(SignedClient client, List<String> namespaces) {
            this.client = client;
            this.namespaces = namespaces;
            JsonNode organization = ok(client.post("/api/v3/create-organization",
                    Map.of("organizationCode", unique("modelorg"), "organizationName", "Model")));
            organizationCode = organization.get("organizationCode").asText();
            rootDepartmentId = organization.get("departmentId").asText();
        }

        @Override
        public String namespace(int index) {
            return namespaces.get(index);
        }

        @Override
        public String organizationCode() {
            return organizationCode;
        }

        void make(Change change) {
            if (change instanceof PermissionModel.UserCreated created) {
                ids.put(created.user(), ok(client.post("/api/v3/create-users-batch", Map.of("list",
                        List.of(Map.of("username", unique("model")))))).get(0).get("userId").asText());
            } else if (change instanceof PermissionModel.UserDeleted deleted) {
                ok(client.post("/api/v3/delete-users-batch", Map.of("userIds", List.of(id(deleted.user())))));
            } else if (change instanceof PermissionModel.GroupCreated created) {
                codes.put(created.group(), unique("mg"));
                ok(client.post("/api/v3/create-group", Map.of("code", codes.get(created.group()), "name", "g")));
            } else if (change instanceof PermissionModel.GroupDeleted deleted) {
                ok(client.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(codes.get(deleted.group())))));
            } else if (change instanceof PermissionModel.DepartmentCreated created) {
                ids.put(created.department(), ok(client.post("/api/v3/create-department", Map.of("organizationCode",
                        organizationCode, "parentDepartmentId", rootDepartmentId, "name", "Department",
                        "code", unique("md")))).get("departmentId").asText());
            } else if (change instanceof PermissionModel.DepartmentDeleted deleted) {
                ok(client.post("/api/v3/delete-department", Map.of("organizationCode", organizationCode,
                        "departmentId", id(deleted.department()))));
            } else if (change instanceof PermissionModel.RoleCreated created) {
                codes.put(created.role(), unique("mr"));
                roleNamespaces.put(created.role(), namespaces.get(created.namespace()));
                ok(client.post("/api/v3/create-role", role(created.role())));
            } else if (change instanceof PermissionModel.GroupRenamed renamed) {
                String newCode = unique("mg");
                ok(client.post("/api/v3/update-group", Map.of("code", codes.get(renamed.group()), "newCode", newCode,
                        "name", newCode)));
                codes.put(renamed.group(), newCode);
            } else if (change instanceof PermissionModel.RoleUpdated updated) {
                Map<String, Object> body = role(updated.role());
                body.put("status", updated.status());
                body.put("disableTime", updated.disableTime()); // null: never disabled
                String newCode = updated.renamed() ? unique("mr") : codes.get(updated.role());
                body.put("newCode", newCode);
                ok(client.post("/api/v3/update-role", body));
                codes.put(updated.role(), newCode);
            } else if (change instanceof PermissionModel.RoleDeleted deleted) {
                ok(client.post("/api/v3/delete-roles-batch", Map.of("codeList", List.of(codes.get(deleted.role())),
                        "namespace", roleNamespaces.get(deleted.role()))));
            } else if (change instanceof PermissionModel.MembersAdded added) {
                members("add", added.ownerType(), added.owner(), added.users());
            } else if (change instanceof PermissionModel.MembersRemoved removed) {
                members("remove", removed.ownerType(), removed.owner(), removed.users());
            } else if (change instanceof PermissionModel.RoleAssigned assigned) {
                Map<String, Object> body = role(assigned.role());
                body.put("targets", targets(assigned.targetType(), assigned.targets()));
                if (assigned.enableTime() != null) {
                    body.put("enableTime", assigned.enableTime());
                }
                if (assigned.endTime() != null) {
                    body.put("endTime", assigned.endTime());
                }
                ok(client.post("/api/v3/assign-role", body));
            } else if (change instanceof PermissionModel.RoleRevoked revoked) {
                Map<String, Object> body = role(revoked.role());
                body.put("targets", targets(revoked.targetType(), revoked.targets()));
                ok(client.post("/api/v3/revoke-role", body));
            } else if (change instanceof PermissionModel.Authorized authorized) {
                ok(client.post("/api/v3/authorize-resources", Map.of("namespace",
                        namespaces.get(authorized.namespace()), "list", List.of(Map.of(
                                "targetType", authorized.targetType(),
                                "targetIdentifiers", List.of(identifier(authorized.targetType(), authorized.target())),
                                "resources", authorized.grants().stream().map(grant -> Map.of("code",
                                        grant.resourceCode(), "actions", grant.actions(), "resourceType",
                                        grant.resourceType(), "effect", grant.effect())).toList())))));
            } else {
                throw new IllegalArgumentException("not a change the API can make: " + change);
            }
        }

        private Map<String, Object> role(String role) {
            return new LinkedHashMap<>(Map.of("code", codes.get(role), "namespace", roleNamespaces.get(role)));
        }

        private List<Map<String, String>> targets(String targetType, List<String> handles) {
            return handles.stream().map(handle -> target(targetType, id(handle))).toList();
        }

        private void members(String addOrRemove, String ownerType, String owner, List<String> users) {
            List<String> userIds = users.stream().map(this::id).toList();
            if ("GROUP".equals(ownerType)) {
                ok(client.post("/api/v3/" + addOrRemove + "-group-members", Map.of("code", codes.get(owner),
                        "userIds", userIds)));
            } else {
                ok(client.post("/api/v3/" + addOrRemove + "-department-members", Map.of("organizationCode",
                        organizationCode, "departmentId", id(owner), "userIds", userIds)));
            }
        }

        /** How authorize-resources names a target: users and departments by id, groups and roles by code. */
        private String identifier(String targetType, String handle) {
            return "GROUP".equals(targetType) || "ROLE".equals(targetType) ? codes.get(handle) : id(handle);
        }
    }
}
