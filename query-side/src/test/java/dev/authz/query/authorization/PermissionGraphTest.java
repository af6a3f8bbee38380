package dev.authz.query.authorization;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleUpdated;
import dev.authz.query.TestMongo;
import dev.authz.query.readmodel.Generations;
import dev.authz.query.readmodel.ReadModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permission projection without Kafka: events applied straight to it, as a consumer that crashed and got
 * them again, or a slow consumer racing another one, would apply them.
 */
class PermissionGraphTest {
    private static final String POOL = "pool-g";
    private static final String NS = "ns-1";
    private static MongoClient client;

    private AuthorizationCollections collections;
    private PermissionGraph graph;
    private PermissionProjection projection;
    private PermissionQueries queries;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestMongo.uri());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @BeforeEach
    void freshDatabase() {
        collections = new AuthorizationCollections(new ReadModel(new Generations(client, "perm-" + UUID.randomUUID(),
                Duration.ZERO)));
        MemberSets members = new MemberSets(collections);
        GrantNamespaces grantNamespaces = new GrantNamespaces(collections);
        graph = new PermissionGraph(collections, members, grantNamespaces);
        projection = new PermissionProjection(collections, graph, members, grantNamespaces);
        queries = new PermissionQueries(collections);
    }

    private void apply(DomainEvent... events) {
        for (DomainEvent event : events) {
            projection.apply(event, Instant.now());
        }
    }

    private static ResourcesAuthorized grant(String type, String targetId, String code) {
        return new ResourcesAuthorized(POOL, PolicyIds.of(POOL, NS, type, targetId), NS, type, targetId,
                List.of(new ResourceGrant(code, "DATA", List.of("read"), "ALLOW")));
    }

    private boolean allowed(String userId, String resource) {
        return queries.isAllowed(POOL, NS, userId, "read", resource, System.currentTimeMillis());
    }

    @Test
    void aResultComputedFromOlderInputsNeverOverwritesANewerOne() {
        apply(new GroupMembersAdded(POOL, "g1", List.of("alice")), grant("GROUP", "g1", "docs"));
        assertThat(allowed("alice", "docs")).isTrue();

        // A consumer computes alice's document while she is a member, and is slow to write it ...
        PermissionGraph.Computed slow = graph.compute(POOL, NS, List.of("alice"));
        // ... meanwhile she leaves the group, and that recompute is written first.
        apply(new GroupMembersRemoved(POOL, "g1", List.of("alice"), GroupMembersRemoved.REQUESTED));
        assertThat(allowed("alice", "docs")).isFalse();
        slow.write();
        assertThat(allowed("alice", "docs")).as("the older result arrived last and was dropped").isFalse();

        // The other way round: a result computed after the change wins whenever it is written.
        PermissionGraph.Computed before = graph.compute(POOL, NS, List.of("alice"));
        apply(new GroupMembersAdded(POOL, "g1", List.of("alice")));
        PermissionGraph.Computed after = graph.compute(POOL, NS, List.of("alice"));
        after.write();
        before.write();
        assertThat(allowed("alice", "docs")).isTrue();
    }

    @Test
    void aRoleStateChangeInterruptedBeforeItsFanOutIsFannedOutOnRedelivery() {
        apply(new RoleCreated(POOL, "r1", NS, "admin", "admin", null, "ENABLE", null), grant("ROLE", "r1", "vault"),
                new RoleAssigned(POOL, "r1", NS, "USER", List.of("bob"), null, null));
        assertThat(allowed("bob", "vault")).isTrue();

        // The consumer wrote the new status, then crashed before recomputing the holders.
        collections.roles().updateOne(Filters.eq("_id", "r1"), Updates.set("status", "DISABLE"));
        assertThat(allowed("bob", "vault")).as("the crash left bob's document behind").isTrue();
        apply(new RoleUpdated(POOL, "r1", NS, "admin", "admin", "admin", null, "DISABLE", null));
        assertThat(allowed("bob", "vault")).as("the redelivered update finishes the fan-out").isFalse();
    }

    @Test
    void everyEventAppliedTwiceChangesNothing() {
        DomainEvent[] events = {
                new RoleCreated(POOL, "r1", NS, "admin", "admin", null, "ENABLE", null),
                grant("ROLE", "r1", "ledger"), grant("GROUP", "g1", "wiki"), grant("DEPARTMENT", "d1", "intranet"),
                new DepartmentCreated(POOL, "d1", "o1", null, "d", "D", null),
                new DepartmentMembersAdded(POOL, "d1", List.of("carol", "dave")),
                new RoleAssigned(POOL, "r1", NS, "DEPARTMENT", List.of("d1"), null, null),
                new GroupMembersAdded(POOL, "g1", List.of("carol"))};
        for (DomainEvent event : events) {
            apply(event, event);
        }
        assertThat(List.of("ledger", "wiki", "intranet")).allMatch(resource -> allowed("carol", resource));
        assertThat(allowed("dave", "wiki")).isFalse();

        apply(new GroupDeleted(POOL, "g1", "g"), new GroupDeleted(POOL, "g1", "g"));
        assertThat(allowed("carol", "wiki")).isFalse();
        assertThat(collections.policies().find(Filters.eq("_id", PolicyIds.of(POOL, NS, "GROUP", "g1"))).first())
                .as("the deleted group's policy is dropped").isNull();
        apply(new DepartmentDeleted(POOL, "d1", "o1", "d"), new DepartmentDeleted(POOL, "d1", "o1", "d"));
        assertThat(List.of("ledger", "intranet")).noneMatch(resource -> allowed("dave", resource));
    }
}
