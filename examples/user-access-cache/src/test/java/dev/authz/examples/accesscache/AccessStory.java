package dev.authz.examples.accesscache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.NamespaceDeleted;
import dev.authz.api.event.OrganizationCreated;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.event.ResourceCreated;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.api.event.UserProfile;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realistic history of one pool (and a second pool with the same group code), in two halves, with what the
 * index must answer at the end. The events are the shared-api records the command side publishes.
 */
final class AccessStory {
    static final String POOL = "pool-a";
    static final String OTHER_POOL = "pool-b";
    private static final long HOUR = 3_600_000L;

    final long now = System.currentTimeMillis();
    final String namespace = id();
    final String alice = id();
    final String bob = id();
    final String carol = id();
    final String dave = id();
    final String eve = id();
    final String developers = id();
    final String ops = id();
    final String otherPoolDevelopers = id();
    final String admin = id();
    final String viewer = id();
    final String temp = id();
    final String opsNamespace = id();
    final String deployer = id();
    final String organization = id();
    final String engineering = id();

    /** Before the restart: users, a group, roles direct, by department and time-bounded. */
    final GroupMembersAdded developersJoined = new GroupMembersAdded(POOL, developers, List.of(alice, bob));
    final RoleAssigned aliceMadeAdmin = new RoleAssigned(POOL, admin, namespace, "USER", List.of(alice), null, null);
    final List<DomainEvent> firstHalf = List.of(
            new NamespaceCreated(POOL, namespace, "default", "Default", ""),
            user(alice, "alice"), user(bob, "bob"), user(carol, "carol"), user(dave, "dave"),
            new GroupCreated(POOL, developers, "developers", "Developers", "", null, Map.of()),
            developersJoined,
            new RoleCreated(POOL, admin, namespace, "admin", "Admin", "", "ENABLE", null),
            aliceMadeAdmin,
            new OrganizationCreated(POOL, organization, "acme", "ACME", "", engineering),
            new DepartmentCreated(POOL, engineering, organization, null, "engineering", "Engineering", ""),
            new DepartmentMembersAdded(POOL, engineering, List.of(carol)),
            new RoleCreated(POOL, viewer, namespace, "viewer", "Viewer", "", "ENABLE", null),
            new RoleAssigned(POOL, viewer, namespace, "DEPARTMENT", List.of(engineering), null, null),
            new RoleAssigned(POOL, admin, namespace, "USER", List.of(bob), now - 2 * HOUR, now - HOUR),
            new RoleAssigned(POOL, viewer, namespace, "USER", List.of(dave), now - HOUR, now + HOUR),
            new NamespaceCreated(POOL, opsNamespace, "ops", "Ops", ""),
            new RoleCreated(POOL, deployer, opsNamespace, "deployer", "Deployer", "", "ENABLE", null),
            new RoleAssigned(POOL, deployer, opsNamespace, "USER", List.of(alice), null, null),
            new ResourceCreated(POOL, id(), namespace, "books", "Books", "", "DATA",
                    List.of(new ResourceAction("read", "")), null),
            new UserCreated(OTHER_POOL, eve, profile("eve")),
            new GroupCreated(OTHER_POOL, otherPoolDevelopers, "developers", "Developers", "", null, Map.of()),
            new GroupMembersAdded(OTHER_POOL, otherPoolDevelopers, List.of(eve)));

    /**
     * After it: renames, a removal, a group and a role created and deleted, a user deleted, a new department member,
     * a namespace deleted with its role.
     */
    final GroupMembersRemoved bobLeft = new GroupMembersRemoved(POOL, developers, List.of(bob), "REQUESTED");
    final List<DomainEvent> secondHalf = List.of(
            new GroupUpdated(POOL, developers, "devs", "developers", "Developers", "", Map.of()),
            new RoleUpdated(POOL, admin, namespace, "administrator", "admin", "Admin", "", "ENABLE", null),
            bobLeft,
            new GroupCreated(POOL, ops, "ops", "Ops", "", null, Map.of()),
            new GroupMembersAdded(POOL, ops, List.of(alice, carol)),
            new GroupDeleted(POOL, ops, "ops"),
            new RoleCreated(POOL, temp, namespace, "temp", "Temp", "", "ENABLE", null),
            new RoleAssigned(POOL, temp, namespace, "USER", List.of(alice), null, null),
            new RoleDeleted(POOL, temp, namespace, "temp"),
            new RoleRevoked(POOL, admin, namespace, "USER", List.of(bob), "USER_DELETED"),
            new UserDeleted(POOL, bob),
            new DepartmentMembersAdded(POOL, engineering, List.of(alice)),
            new NamespaceDeleted(POOL, opsNamespace, "ops"));

    /** What GET /access answers for each user of the story at {@link #now}: groups, then roles with their way. */
    Map<String, String> expectedAccess() {
        return Map.of(
                alice, "groups=[devs] roles=[default:administrator USER, default:viewer DEPARTMENT:engineering]",
                carol, "groups=[] roles=[default:viewer DEPARTMENT:engineering]",
                dave, "groups=[] roles=[default:viewer USER]");
    }

    static String describe(AccessIndex.Access access) {
        return "groups=" + access.groups().stream().map(AccessIndex.GroupRef::code).toList()
                + " roles=" + access.roles().stream().map(r -> r.namespace() + ":" + r.code() + " " + r.via()).toList();
    }

    private static UserCreated user(String id, String username) {
        return new UserCreated(POOL, id, profile(username));
    }

    private static UserProfile profile(String username) {
        return new ObjectMapper().convertValue(Map.of("username", username), UserProfile.class);
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
