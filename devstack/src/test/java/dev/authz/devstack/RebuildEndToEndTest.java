package dev.authz.devstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.testing.ReadModelComparison;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.target;
import static dev.authz.devstack.ManagementCalls.unique;
import static dev.authz.devstack.ReadModelSnapshots.servingDatabase;
import static dev.authz.devstack.ReadModelSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-model rebuild on the whole system: mixed data written through the gateway, every collection of the
 * serving generation copied, then {@code devstack.jar rebuild} (the command an operator runs) replays the
 * PostgreSQL event store into a new generation, which must equal the copy document by document, while reads
 * keep being answered; afterwards the system works on the new generation.
 */
class RebuildEndToEndTest {
    private static LocalSystem system;
    private static SignedClient client;
    private static ManagementCalls calls;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.get();
        client = new SignedClient(system.gatewayUrl(), system.poolId(), system.poolSecret());
        calls = new ManagementCalls(client);
    }

    @Test
    void theRebuiltReadModelEqualsTheLiveOneAndTakesOver() throws Exception {
        String probeGroup = loadMixedData();
        try (MongoClient mongo = MongoClients.create(system.mongoUri())) {
            MongoDatabase live = servingDatabase(mongo);
            Map<String, List<Document>> before = snapshot(live);

            AtomicBoolean rebuilding = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                while (rebuilding.get()) {
                    assertThat(ok(client.get("/api/v3/get-group", Map.of("code", probeGroup))).get("code").asText())
                            .isEqualTo(probeGroup);
                    reads.incrementAndGet();
                }
            });
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = new RebuildCommand(system.querySide().url(), system.internalToken(),
                    new PrintStream(output, true, StandardCharsets.UTF_8)).run(Duration.ofSeconds(1));
            rebuilding.set(false);
            reader.get();
            String printed = output.toString(StandardCharsets.UTF_8);
            System.out.print(printed);

            assertThat(exit).as(printed).isZero();
            assertThat(printed).contains("started", "SUCCEEDED");
            assertThat(reads.get()).isPositive();
            MongoDatabase rebuilt = servingDatabase(mongo);
            assertThat(rebuilt.getName()).isNotEqualTo(live.getName());
            Map<String, List<Document>> after = snapshot(rebuilt);
            assertThat(ReadModelComparison.differences(before, after)).isEmpty();
            assertThat(after.keySet()).contains("users", "groups", "group_members", "roles", "role_assignments",
                    "department_members", "resources", "policies", "effective_permissions", "aggregate_versions");

            // Without the internal token nothing starts.
            assertThat(new RebuildCommand(system.querySide().url(), "wrong-token", new PrintStream(
                    new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(Duration.ofSeconds(1))).isEqualTo(2);
        }

        // Writes and reads work on the new generation.
        String code = unique("after");
        ok(client.post("/api/v3/create-group", Map.of("code", code, "name", "After rebuild")));
        List<String> users = calls.createUsers("after", 2);
        ok(client.post("/api/v3/add-group-members", Map.of("code", code, "userIds", users)));
        assertThat(ok(client.get("/api/v3/list-group-members", Map.of("code", code))).get("totalCount").asInt())
                .isEqualTo(2);
    }

    /**
     * Groups with members (some removed, one group renamed, one deleted), a role assigned to users and to a
     * department, an organization with members, resources and grants on every kind of target.
     */
    private static String loadMixedData() {
        String resource = unique("res");
        ok(client.post("/api/v3/create-resource", Map.of("code", resource, "type", "DATA", "description", "d",
                "actions", List.of(Map.of("name", "read", "description", "r")))));
        List<String> users = calls.createUsers("rb", 30);
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String group = unique("rbg");
            groups.add(group);
            ok(client.post("/api/v3/create-group", Map.of("code", group, "name", "Group " + i)));
            ok(client.post("/api/v3/add-group-members", Map.of("code", group,
                    "userIds", users.subList(i * 10, Math.min(30, i * 10 + 12)))));
            calls.grant("GROUP", group, resource, "ALLOW");
        }
        ok(client.post("/api/v3/remove-group-members", Map.of("code", groups.get(0), "userIds", users.subList(0, 3))));
        String renamed = unique("rbr");
        ok(client.post("/api/v3/update-group", Map.of("code", groups.get(1), "newCode", renamed, "name", "Renamed")));
        ok(client.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(groups.get(2)))));

        String role = unique("rbrole");
        ok(client.post("/api/v3/create-role", Map.of("code", role, "namespace", "default", "description", "r")));
        calls.grant("ROLE", role, resource, "ALLOW");
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "namespace", "default",
                "targets", List.of(target("USER", users.get(20)), target("USER", users.get(21))))));
        ManagementCalls.Department department = calls.createDepartment("rb");
        calls.addDepartmentMembers(department, users.subList(22, 28));
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "namespace", "default",
                "targets", List.of(target("DEPARTMENT", department.departmentId())))));
        calls.grant("USER", users.get(5), resource, "DENY");
        return groups.get(0);
    }
}
