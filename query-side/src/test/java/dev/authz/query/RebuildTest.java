package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.OrganizationCreated;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.event.ResourceCreated;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.UserCreated;
import dev.authz.kit.testing.ReadModelComparison;
import dev.authz.query.consumer.EventParser;
import dev.authz.query.consumer.PoisonEventException;
import dev.authz.query.consumer.ProjectionListener;
import dev.authz.query.readmodel.Generation;
import dev.authz.query.readmodel.Generations;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilding every projection from the event store (here the {@link FakeEventFeed} of everything this JVM
 * published) into a new generation while the serving one keeps answering and the consumer keeps applying.
 */
class RebuildTest extends IntegrationTestBase {
    @Autowired
    Generations generations;
    @Autowired
    ReadModel readModel;
    @Autowired
    ProjectionListener listener;
    @Autowired
    EventParser parser;
    @Autowired
    MongoClient mongo;

    @AfterEach
    void feedBackToNormal() {
        EVENT_STORE.slowDown(0);
        EVENT_STORE.failAfter(-1);
    }

    @Test
    void aRebuildWhileWritesKeepComingEqualsTheLiveModelDocumentByDocument() throws Exception {
        for (int i = 0; i < 5; i++) {
            publishAndWait(slice(8).toArray(DomainEvent[]::new));
        }
        GroupCreated probe = new GroupCreated(POOL_A, newId(), unique("probe"), "Probe", "", "static", null);
        publishAndWait(probe);
        long before = generations.active().number();
        EVENT_STORE.slowDown(40); // many pages of 200, each slow: writes and reads overlap the whole rebuild

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicInteger slicesWritten = new AtomicInteger();
        AtomicInteger readsAnswered = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (rebuilding.get()) {
                publishAndWait(slice(3).toArray(DomainEvent[]::new));
                slicesWritten.incrementAndGet();
            }
        });
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (rebuilding.get()) {
                JsonNode group = poolA().get("/api/v3/get-group", Map.of("code", probe.code())).data();
                assertThat(group.path("code").asText()).isEqualTo(probe.code());
                readsAnswered.incrementAndGet();
            }
        });

        HttpResponse<String> started = internalPost("/internal/v1/rebuild");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        HttpResponse<String> second = internalPost("/internal/v1/rebuild");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second.body()).path("error").asText()).contains("already running");
        int slicesAtStart = slicesWritten.get();
        JsonNode finished = awaitRebuild(json(started.body()).path("id").asText());
        rebuilding.set(false);
        writer.get();
        reader.get();

        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(slicesWritten.get()).as("slices written during the rebuild").isGreaterThan(slicesAtStart);
        assertThat(readsAnswered.get()).isPositive();
        assertThat(finished.path("eventsDone").asLong()).isGreaterThanOrEqualTo(finished.path("eventsTotal").asLong());
        Generation rebuilt = generations.active();
        assertThat(rebuilt.number()).isEqualTo(finished.path("generation").asLong()).isGreaterThan(before);

        // The previous generation (kept for rollback) stopped receiving events at the switch; give it the rest
        // the live way (the consumer's own path, guarded by its aggregate_versions), then compare.
        Generation previous = generations.open(before);
        catchUp(previous);
        Map<String, List<Document>> live = snapshot(previous);
        Map<String, List<Document>> replayed = snapshot(rebuilt);
        assertThat(ReadModelComparison.differences(live, replayed)).isEmpty();
        assertThat(replayed.keySet()).contains("users", "user_keys", "groups", "group_members", "group_member_slots",
                "group_codes", "namespaces", "resources", "roles", "role_assignments", "organizations",
                "departments", "department_members", "policies", "authz_links", "authz_member_sets",
                "effective_permissions", "effective_clocks", "aggregate_versions");
        assertThat(replayed.get("effective_permissions")).isNotEmpty();
        // What a new generation gets indexed (mongo-java-server ignores such indexes, so they cannot be listed).
        assertThat(readModel.declaredIndexes("users")).extracting(index -> index.getKeys().toBsonDocument().toJson())
                .contains("{\"poolId\": 1, \"username\": 1}");
        assertThat(readModel.declaredIndexes("role_assignments")).hasSize(2);
        assertThat(readModel.declaredIndexes("policies")).hasSize(1);

        // The new generation is the live one now: the consumer applies to it and queries read from it.
        GroupCreated after = new GroupCreated(POOL_A, newId(), unique("after"), "After", "", "static", null);
        publishAndWait(after);
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", after.code())).statusCode()).isEqualTo(200);
        assertThat(rebuilt.collection("groups").countDocuments(new Document("_id", after.groupId()))).isOne();
    }

    @Test
    void aFailingRebuildLeavesTheServingGenerationAsItWas() throws Exception {
        publishAndWait(slice(4).toArray(DomainEvent[]::new));
        GroupCreated probe = new GroupCreated(POOL_A, newId(), unique("probe"), "Probe", "", "static", null);
        publishAndWait(probe);
        long before = generations.active().number();
        EVENT_STORE.failAfter(1);

        HttpResponse<String> started = internalPost("/internal/v1/rebuild");
        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode failed = awaitRebuild(json(started.body()).path("id").asText());

        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText()).contains("HTTP 500");
        assertThat(generations.active().number()).isEqualTo(before);
        assertThat(mongo.listDatabaseNames().into(new ArrayList<>()))
                .doesNotContain(generations.open(failed.path("generation").asLong()).databaseName());
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", probe.code())).statusCode()).isEqualTo(200);
        // The consumer was not left paused, and the next rebuild may start.
        GroupCreated after = new GroupCreated(POOL_A, newId(), unique("after"), "After", "", "static", null);
        publishAndWait(after);
        EVENT_STORE.failAfter(-1);
        HttpResponse<String> retried = internalPost("/internal/v1/rebuild");
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(awaitRebuild(json(retried.body()).path("id").asText()).path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", after.code())).statusCode()).isEqualTo(200);
    }

    @Test
    void theRebuildEndpointsNeedTheInternalToken() {
        assertThat(internalGet("/internal/v1/rebuild", null).statusCode()).isEqualTo(401);
        assertThat(internalGet("/internal/v1/rebuild", "wrong").statusCode()).isEqualTo(401);
    }

    /**
     * Applies every stored event to the generation through the consumer's path (already applied: no-op), except
     * what the consumer dead-letters (OlderEventVersionsTest publishes a version from the future).
     */
    private void catchUp(Generation generation) {
        for (JsonNode envelope : EVENT_STORE.all()) {
            try (ReadModel.Pin pin = readModel.pin(generation)) {
                listener.applyInOrder(List.of(parser.parse(envelope)), new ArrayList<>());
            } catch (PoisonEventException deadLettered) {
                // as the live consumer: not applied
            }
        }
    }

    private static Map<String, List<Document>> snapshot(Generation generation) {
        Map<String, List<Document>> collections = new TreeMap<>();
        for (String name : generation.collectionNames()) {
            collections.put(name, generation.collection(name).find().into(new ArrayList<>()));
        }
        return collections;
    }

    /**
     * Mixed data around one namespace: users with keys, a group (members added, one removed, renamed), an
     * organization with a department and members, a role assigned to users and to the department, a resource and
     * grants to the group, the role and a user, so that effective permissions come from every path.
     */
    private static List<DomainEvent> slice(int users) {
        String ns = newId();
        String group = newId();
        String groupCode = unique("g");
        String org = newId();
        String root = newId();
        String department = newId();
        String role = newId();
        List<String> userIds = new ArrayList<>();
        List<DomainEvent> events = new ArrayList<>();
        events.add(new NamespaceCreated(POOL_A, ns, unique("ns"), "Rebuild", null));
        events.add(new ResourceCreated(POOL_A, newId(), ns, unique("books"), "Books", "", "DATA",
                List.of(new ResourceAction("read", "")), null));
        for (int i = 0; i < users; i++) {
            String userId = newId();
            userIds.add(userId);
            events.add(new UserCreated(POOL_A, userId, profile(Map.of("username", unique("u"),
                    "email", unique("e") + "@example.com"))));
        }
        events.add(new GroupCreated(POOL_A, group, groupCode, "Readers", "", "static", null));
        events.add(new GroupMembersAdded(POOL_A, group, userIds));
        events.add(new GroupMembersRemoved(POOL_A, group, List.of(userIds.get(0)), GroupMembersRemoved.REQUESTED));
        events.add(new GroupUpdated(POOL_A, group, groupCode + "r", groupCode, "Readers", "renamed", null));
        events.add(new OrganizationCreated(POOL_A, org, unique("org"), "Org", "", root));
        events.add(new DepartmentCreated(POOL_A, root, org, null, null, "Org", ""));
        events.add(new DepartmentCreated(POOL_A, department, org, root, unique("d"), "Dept", ""));
        events.add(new DepartmentMembersAdded(POOL_A, department, userIds.subList(0, (users + 1) / 2)));
        events.add(new RoleCreated(POOL_A, role, ns, unique("r"), "Reader", "", "ENABLE", null));
        events.add(new RoleAssigned(POOL_A, role, ns, "USER", userIds.subList(users / 2, users), null, null));
        events.add(new RoleAssigned(POOL_A, role, ns, "DEPARTMENT", List.of(department), null, null));
        for (String[] target : new String[][] {{"GROUP", group}, {"ROLE", role}, {"USER", userIds.get(0)}}) {
            events.add(new ResourcesAuthorized(POOL_A, PolicyIds.of(POOL_A, ns, target[0], target[1]), ns, target[0],
                    target[1], List.of(new ResourceGrant("books:*", "DATA", List.of("read"), "ALLOW"))));
        }
        return events;
    }
}
