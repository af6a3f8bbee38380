package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceAuthorizationsRevoked;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.kit.testing.PermissionModel;
import dev.authz.kit.testing.PermissionModel.Change;
import dev.authz.kit.testing.PermissionModelCheck;
import dev.authz.query.readmodel.Generations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories from {@link PermissionModel} (memberships, role assignments with windows, grants and revocations
 * of ALLOW and DENY on exact, prefix and wildcard codes, role status and disable-time changes, deletions of users,
 * groups, departments and roles), turned into the events the command side would store. They are published in bursts
 * without waiting, so the two partitions' consumers project events of different aggregates at the same time and in
 * any order between them. After each burst the query side must answer every question of {@link PermissionModelCheck}
 * (is-action-allowed for every user, namespace, resource and action; group members; a user's groups; a role's
 * holders) as the model does.
 *
 * <p>One more history is then rebuilt from the event store (the whole read model replayed into a new generation,
 * which then serves) and must still answer as the model does.
 *
 * <p>What this cannot show: a stale recompute written after a newer one (the ticket of {@link
 * dev.authz.query.authorization.PermissionGraph}) needs an interleaving too narrow to arise here by chance; with
 * {@code $set} instead of {@code $max} these histories still pass. {@code PermissionGraphTest} holds a computed
 * result back to show it.
 *
 * <p>Fixed seeds run in the build; another: {@code -Dauthz.model.seeds=7,8,9}. A failure names the seed, the burst
 * and the burst's events.
 */
class PermissionModelTest extends IntegrationTestBase {
    private static final int BURSTS = 12;
    private static final int EVENTS_PER_BURST = 25;

    @Autowired
    Generations generations;

    static Stream<Long> seeds() {
        return PermissionModel.seeds(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theReadModelAnswersAsAPlainModelOfTheSameHistory(long seed) {
        PermissionModelCheck check = history(seed);
        System.out.printf("seed %d: %s%n", seed, check.summary());
        assertThat(check.coverageProblems()).isEmpty();
    }

    /** Replaying the event store (this JVM's published events, histories included) gives the same answers. */
    @Test
    void aReadModelRebuiltFromTheEventStoreAnswersAsTheModelToo() throws InterruptedException {
        PermissionModelCheck check = history(4);
        long before = generations.active().number();
        HttpResponse<String> started = internalPost("/internal/v1/rebuild");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode finished = awaitRebuild(json(started.body()).path("id").asText());
        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(generations.active().number()).as("serving the rebuilt generation").isGreaterThan(before);
        assertThat(check.differences()).as("after the rebuild (generation %s)", finished.path("generation"))
                .isEmpty();
    }

    /** A history of the seed, published in bursts, each followed by a check; the check as it ends. */
    private PermissionModelCheck history(long seed) {
        List<TestNamespace> namespaces = List.of(createNamespace("model-a"), createNamespace("model-b"));
        PermissionModel model = new PermissionModel(new Random(seed), namespaces.size(), true);
        Events events = new Events(namespaces);
        PermissionModelCheck check = new PermissionModelCheck(poolA(), model, events);
        for (int burst = 0; burst < BURSTS; burst++) {
            List<DomainEvent> burstEvents = new ArrayList<>(burst == 0 ? events.of(model.initialEntities()) : List.of());
            while (burstEvents.size() < EVENTS_PER_BURST) {
                burstEvents.addAll(events.of(model.randomChange()));
            }
            publishAtOnceAndWait(burstEvents);

            assertThat(check.differences()).as("seed %d, burst %d; the burst's events:%n%s", seed, burst,
                    String.join("\n", burstEvents.stream().map(Object::toString).toList())).isEmpty();
        }
        return check;
    }

    /** The events the command side stores for each change of the model, with ids and codes for its handles. */
    private static final class Events extends PermissionModelCheck.RecordedNames {
        private final List<TestNamespace> namespaces;
        private final Map<String, String> roleNamespaces = new HashMap<>();

        Events(List<TestNamespace> namespaces) {
            this.namespaces = namespaces;
        }

        @Override
        public String namespace(int index) {
            return namespaces.get(index).code();
        }

        List<DomainEvent> of(List<Change> changes) {
            List<DomainEvent> events = new ArrayList<>();
            changes.forEach(change -> events.addAll(of(change)));
            return events;
        }

        private List<DomainEvent> of(Change change) {
            if (change instanceof PermissionModel.UserCreated created) {
                return List.of(new UserCreated(POOL_A, create(created.user()),
                        profile(Map.of("username", unique("model")))));
            } else if (change instanceof PermissionModel.UserDeleted deleted) {
                // As the command side deletes a user: each membership and assignment ends on its own stream first.
                List<DomainEvent> events = new ArrayList<>();
                List<String> user = List.of(id(deleted.user()));
                deleted.groupsLeft().forEach(g -> events.add(new GroupMembersRemoved(POOL_A, id(g), user,
                        GroupMembersRemoved.USER_DELETED)));
                deleted.departmentsLeft().forEach(d -> events.add(new DepartmentMembersRemoved(POOL_A, id(d), user,
                        "USER_DELETED")));
                deleted.rolesRevoked().forEach(r -> events.add(new RoleRevoked(POOL_A, id(r), roleNamespaces.get(r),
                        "USER", user, "USER_DELETED")));
                events.add(new UserDeleted(POOL_A, id(deleted.user())));
                return events;
            } else if (change instanceof PermissionModel.GroupCreated created) {
                String code = unique("g");
                codes.put(created.group(), code);
                return List.of(new GroupCreated(POOL_A, create(created.group()), code, code, "", "static", null));
            } else if (change instanceof PermissionModel.GroupDeleted deleted) {
                return List.of(new GroupDeleted(POOL_A, id(deleted.group()), code(deleted.group())));
            } else if (change instanceof PermissionModel.DepartmentCreated created) {
                return List.of(new DepartmentCreated(POOL_A,
                        create(created.department()), "org", null, unique("d"), "Department", null));
            } else if (change instanceof PermissionModel.DepartmentDeleted deleted) {
                List<DomainEvent> events = new ArrayList<>();
                deleted.rolesRevoked().forEach(r -> events.add(new RoleRevoked(POOL_A, id(r), roleNamespaces.get(r),
                        "DEPARTMENT", List.of(id(deleted.department())), "DEPARTMENT_DELETED")));
                events.add(new DepartmentDeleted(POOL_A, id(deleted.department()), "org", unique("d")));
                return events;
            } else if (change instanceof PermissionModel.RoleCreated created) {
                String code = unique("r");
                codes.put(created.role(), code);
                roleNamespaces.put(created.role(), namespaces.get(created.namespace()).id());
                return List.of(new RoleCreated(POOL_A, create(created.role()), roleNamespaces.get(created.role()),
                        code, code, null, "ENABLE", null));
            } else if (change instanceof PermissionModel.GroupRenamed renamed) {
                String previousCode = code(renamed.group());
                codes.put(renamed.group(), unique("g"));
                return List.of(new GroupUpdated(POOL_A, id(renamed.group()), code(renamed.group()), previousCode,
                        code(renamed.group()), "", null));
            } else if (change instanceof PermissionModel.RoleUpdated updated) {
                String previousCode = code(updated.role());
                if (updated.renamed()) {
                    codes.put(updated.role(), unique("r"));
                }
                String code = code(updated.role());
                return List.of(new RoleUpdated(POOL_A, id(updated.role()), roleNamespaces.get(updated.role()), code,
                        previousCode, code, null, updated.status(), updated.disableTime()));
            } else if (change instanceof PermissionModel.RoleDeleted deleted) {
                return List.of(new RoleDeleted(POOL_A, id(deleted.role()),
                        roleNamespaces.get(deleted.role()), code(deleted.role())));
            } else if (change instanceof PermissionModel.MembersAdded added) {
                return List.of("GROUP".equals(added.ownerType())
                        ? new GroupMembersAdded(POOL_A, id(added.owner()), ids(added.users()))
                        : new DepartmentMembersAdded(POOL_A, id(added.owner()), ids(added.users())));
            } else if (change instanceof PermissionModel.MembersRemoved removed) {
                return List.of("GROUP".equals(removed.ownerType())
                        ? new GroupMembersRemoved(POOL_A, id(removed.owner()), ids(removed.users()), "REQUESTED")
                        : new DepartmentMembersRemoved(POOL_A, id(removed.owner()), ids(removed.users()), "REQUESTED"));
            } else if (change instanceof PermissionModel.RoleAssigned assigned) {
                return List.of(new RoleAssigned(POOL_A, id(assigned.role()),
                        roleNamespaces.get(assigned.role()), assigned.targetType(), ids(assigned.targets()),
                        assigned.enableTime(), assigned.endTime()));
            } else if (change instanceof PermissionModel.RoleRevoked revoked) {
                return List.of(new RoleRevoked(POOL_A, id(revoked.role()),
                        roleNamespaces.get(revoked.role()), revoked.targetType(), ids(revoked.targets()), "REQUESTED"));
            } else if (change instanceof PermissionModel.Authorized authorized) {
                String namespaceId = namespaces.get(authorized.namespace()).id();
                String targetId = id(authorized.target());
                return List.of(new ResourcesAuthorized(POOL_A, PolicyIds.of(POOL_A, namespaceId,
                        authorized.targetType(), targetId), namespaceId, authorized.targetType(), targetId,
                        authorized.grants()));
            } else if (change instanceof PermissionModel.AuthorizationsRevoked revoked) {
                String namespaceId = namespaces.get(revoked.namespace()).id();
                String targetId = id(revoked.target());
                return List.of(new ResourceAuthorizationsRevoked(POOL_A, PolicyIds.of(POOL_A, namespaceId,
                        revoked.targetType(), targetId), namespaceId, revoked.targetType(), targetId,
                        revoked.all(), revoked.codes(), "REQUESTED"));
            }
            throw new IllegalArgumentException("unknown change: " + change);
        }

        private String create(String handle) {
            ids.put(handle, newId());
            return ids.get(handle);
        }

        private List<String> ids(List<String> handles) {
            return handles.stream().map(this::id).toList();
        }
    }
}
