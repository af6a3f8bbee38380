package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients writing to the same group and role at once, through the gateway: every acknowledged change is
 * there afterwards (no lost update) and in the entity's history; a refused one is a clear business error
 * envelope (HTTP 200, statusCode 4xx, apiCode), never a 5xx.
 */
class ConcurrentWritesEndToEndTest {
    private static final int CLIENTS = 20;
    private static final int USERS_PER_CLIENT = 3;

    private static LocalSystem system;
    private static SignedClient client;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.get();
        client = SystemUnderTest.client();
    }

    /** What one client had acknowledged. */
    private record Acknowledged(List<String> names, List<String> added, List<String> removed, List<String> assigned,
                                List<String> descriptions) {
        static Acknowledged empty() {
            return new Acknowledged(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }
    }

    @Test
    void concurrentChangesToOneGroupAndOneRoleAreAllKeptOrClearlyRefused() throws Exception {
        String group = unique("race-group");
        ok(client.post("/api/v3/create-group", Map.of("code", group, "name", "start")));
        String role = unique("race-role");
        ok(client.post("/api/v3/create-role", Map.of("code", role, "namespace", "default")));
        List<String> users = new ManagementCalls(client).createUsers("race", CLIENTS * USERS_PER_CLIENT);
        List<String> refusals = Collections.synchronizedList(new ArrayList<>());
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());

        List<Acknowledged> acknowledged = runTogether(CLIENTS, i -> {
            SignedClient own = new SignedClient(system.gatewayUrl(), system.poolId(), system.poolSecret());
            List<String> mine = users.subList(i * USERS_PER_CLIENT, (i + 1) * USERS_PER_CLIENT);
            Acknowledged done = Acknowledged.empty();
            for (int k = 0; k < 2; k++) {
                String name = "name-" + i + "-" + k;
                if (accepted(own.post("/api/v3/update-group", Map.of("code", group, "name", name)), refusals, serverErrors)) {
                    done.names().add(name);
                }
            }
            if (accepted(own.post("/api/v3/add-group-members", Map.of("code", group, "userIds", mine)), refusals, serverErrors)) {
                done.added().addAll(mine);
            }
            if (accepted(own.post("/api/v3/remove-group-members", Map.of("code", group, "userIds", List.of(mine.get(0)))),
                    refusals, serverErrors)) {
                done.removed().add(mine.get(0));
            }
            String description = "description-" + i;
            if (accepted(own.post("/api/v3/update-role", Map.of("code", role, "namespace", "default",
                    "description", description)), refusals, serverErrors)) {
                done.descriptions().add(description);
            }
            if (accepted(own.post("/api/v3/assign-role", Map.of("code", role, "namespace", "default", "targets",
                    mine.stream().map(user -> ManagementCalls.target("USER", user)).toList())), refusals, serverErrors)) {
                done.assigned().addAll(mine);
            }
            return done;
        });

        assertThat(serverErrors).as("answers that were not a success or a clear business error").isEmpty();
        System.out.println("[race] refusals: " + refusals);
        Set<String> names = new HashSet<>();
        Set<String> members = new HashSet<>();
        Set<String> assigned = new HashSet<>();
        Set<String> descriptions = new HashSet<>();
        for (Acknowledged done : acknowledged) {
            names.addAll(done.names());
            members.addAll(done.added());
            members.removeAll(done.removed()); // each client removes only its own users, after adding them
            assigned.addAll(done.assigned());
            descriptions.addAll(done.descriptions());
        }

        // No lost update: the read model holds every acknowledged change ...
        assertThat(allPages("/api/v3/list-group-members", Map.of("code", group), "userId"))
                .containsExactlyInAnyOrderElementsOf(members);
        assertThat(allPages("/api/v3/list-role-members", Map.of("code", role, "namespace", "default"), "userId"))
                .containsAll(assigned);
        JsonNode finalGroup = ok(client.get("/api/v3/get-group", Map.of("code", group)));
        assertThat(names).contains(finalGroup.path("name").asText());
        assertThat(descriptions).contains(ok(client.get("/api/v3/get-role", Map.of("code", role, "namespace", "default")))
                .path("description").asText());

        // ... and so does the history, in an order whose last rename is the current name.
        List<JsonNode> history = history("/api/v3/get-group-history", Map.of("code", group));
        List<String> renames = payloads(history, "GroupUpdated").stream().map(p -> p.path("name").asText()).toList();
        assertThat(renames).containsExactlyInAnyOrderElementsOf(names);
        assertThat(renames.get(renames.size() - 1)).isEqualTo(finalGroup.path("name").asText());
        assertThat(userIds(payloads(history, "GroupMembersAdded"))).containsAll(members);
        List<String> removed = acknowledged.stream().flatMap(done -> done.removed().stream()).toList();
        assertThat(userIds(payloads(history, "GroupMembersRemoved"))).containsAll(removed);
    }

    @Test
    void racingToCreateTheSameCodeLetsExactlyOneWinAndTellsTheOthersWhy() throws Exception {
        String code = unique("race-code");
        List<String> refusals = Collections.synchronizedList(new ArrayList<>());
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> created = runTogether(CLIENTS, i -> accepted(new SignedClient(system.gatewayUrl(), system.poolId(),
                system.poolSecret()).post("/api/v3/create-group", Map.of("code", code, "name", "racer " + i)),
                refusals, serverErrors));

        assertThat(serverErrors).isEmpty();
        assertThat(created).containsOnlyOnce(true);
        assertThat(refusals).hasSize(CLIENTS - 1).allMatch(refusal -> refusal.startsWith("409/40901"));
        assertThat(client.get("/api/v3/list-groups", Map.of("keywords", code)).data().path("totalCount").asInt())
                .isEqualTo(1);
    }

    /** Runs {@code clients} tasks released at the same instant; their results in client order. */
    private static <T> List<T> runTogether(int clients, java.util.function.IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(client);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** True when acknowledged; a refusal must be a business error envelope, anything else is a server error. */
    private static boolean accepted(SignedClient.Response response, List<String> refusals, List<String> serverErrors) {
        if (response.status() == 200 && response.statusCode() == 200) {
            return true;
        }
        JsonNode body = response.body();
        boolean businessError = response.status() == 200 && response.statusCode() >= 400 && response.statusCode() < 500
                && body.hasNonNull("apiCode") && !body.path("message").asText().isBlank();
        (businessError ? refusals : serverErrors).add(response.statusCode() + "/" + (body == null ? null
                : body.path("apiCode").asText()) + " HTTP " + response.status() + " " + body);
        return false;
    }

    private static List<String> allPages(String path, Map<String, Object> params, String idField) {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            Map<String, Object> paged = new LinkedHashMap<>(params);
            paged.put("page", page);
            paged.put("limit", 50);
            JsonNode list = ok(client.get(path, paged)).path("list");
            list.forEach(item -> ids.add(item.path(idField).asText()));
            if (list.size() < 50) {
                return ids;
            }
        }
    }

    private static List<JsonNode> history(String path, Map<String, Object> params) {
        List<JsonNode> events = new ArrayList<>();
        for (int page = 1; ; page++) {
            Map<String, Object> paged = new LinkedHashMap<>(params);
            paged.put("page", page);
            paged.put("limit", 50);
            JsonNode list = ok(client.get(path, paged)).path("list");
            list.forEach(events::add);
            if (list.size() < 50) {
                return events;
            }
        }
    }

    private static List<JsonNode> payloads(List<JsonNode> history, String type) {
        return history.stream().filter(event -> event.path("type").asText().equals(type))
                .map(event -> event.path("payload")).toList();
    }

    private static List<String> userIds(List<JsonNode> payloads) {
        List<String> ids = new ArrayList<>();
        payloads.forEach(payload -> payload.path("userIds").forEach(id -> ids.add(id.asText())));
        return ids;
    }
}
