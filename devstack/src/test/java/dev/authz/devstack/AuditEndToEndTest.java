package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit completeness through the gateway: after 1,000 mixed writes (creates, updates, member adds including
 * re-adds, role assignments, deletes of nothing, and rejected ones) the pool's admin audit log has exactly one
 * successful entry per successful write and one failed entry per rejected write, and every filter finds them.
 * The writes skip the read-your-writes wait ({@code x-authz-wait: false}) and go four at a time; the test waits
 * for the read side once at the end.
 */
class AuditEndToEndTest {
    private static final int WRITES = 1000;
    private static final String LOGS = "/api/v3/get-admin-audit-logs";

    private static SignedClient reader;
    private static SignedClient writer;

    /** One write as the client saw it, with what the audit log should say about it. */
    private record Write(String requestId, boolean success, String operationType, String resourceType, int phase) {
    }

    @BeforeAll
    static void start() {
        LocalSystem system = SystemUnderTest.get();
        reader = new SignedClient(system.gatewayUrl(), SystemUnderTest.AUDIT_POOL_ID, SystemUnderTest.AUDIT_POOL_SECRET);
        writer = reader.withHeader("x-authz-wait", "false");
    }

    @Test
    void thousandMixedWritesLeaveExactlyOneEntryEach() throws InterruptedException {
        Workload workload = new Workload(new Random(20261123));
        long started = System.nanoTime();
        workload.setUp(1);
        workload.run(WRITES / 2 - workload.writes.size(), 1);
        long firstPhaseEnd = System.currentTimeMillis();
        Thread.sleep(20); // entries of the second phase are stamped strictly after firstPhaseEnd
        workload.run(WRITES - WRITES / 2, 2);
        System.out.printf("[audit] %d writes in %d ms%n", WRITES, (System.nanoTime() - started) / 1_000_000);
        List<Write> writes = workload.writes;
        assertThat(writes).hasSize(WRITES);
        assertThat(count(writes, w -> !w.success())).as("rejected writes in the mix").isBetween(100L, 300L);

        awaitEntries(WRITES);
        assertThat(total(Map.of("success", true))).isEqualTo(count(writes, Write::success));
        assertThat(total(Map.of("success", false))).isEqualTo(count(writes, w -> !w.success()));
        for (String type : Set.of("create", "update", "add", "delete")) {
            assertThat(total(Map.of("operationType", type))).as(type)
                    .isEqualTo(count(writes, w -> w.operationType().equals(type)));
        }
        for (String type : Set.of("userGroup", "user", "role", "roleAssign")) {
            assertThat(total(Map.of("resourceType", type))).as(type)
                    .isEqualTo(count(writes, w -> w.resourceType().equals(type)));
        }
        assertThat(total(Map.of("resourceType", "userGroup", "success", false)))
                .isEqualTo(count(writes, w -> w.resourceType().equals("userGroup") && !w.success()));
        assertThat(total(Map.of("end", firstPhaseEnd))).isEqualTo(count(writes, w -> w.phase() == 1));
        assertThat(total(Map.of("start", firstPhaseEnd + 1))).isEqualTo(count(writes, w -> w.phase() == 2));
        assertThat(total(Map.of("clientIp", "127.0.0.1"))).isEqualTo(WRITES);
        assertThat(total(Map.of("userId", SystemUnderTest.AUDIT_POOL_ID))).isEqualTo(WRITES);

        for (Write write : sample(writes, 25)) {
            JsonNode entries = logs(Map.of("requestId", write.requestId())).get("list");
            assertThat(entries).as(write.toString()).hasSize(1);
            assertThat(entries.get(0).get("success").asBoolean()).isEqualTo(write.success());
            assertThat(entries.get(0).get("operationType").asText()).isEqualTo(write.operationType());
            assertThat(entries.get(0).get("resourceType").asText()).isEqualTo(write.resourceType());
        }
        assertPagesOf(Map.of("resourceType", "roleAssign"), count(writes, w -> w.resourceType().equals("roleAssign")));
    }

    /** Every page of 50, newest first: no entry twice, none missing. */
    private static void assertPagesOf(Map<String, Object> filter, long expected) {
        Set<String> seen = new HashSet<>();
        Instant previous = Instant.MAX;
        for (int page = 1; (page - 1) * 50L < expected; page++) {
            Map<String, Object> request = new HashMap<>(filter);
            request.put("pagination", Map.of("page", page, "limit", 50));
            for (JsonNode entry : logs(request).get("list")) {
                Instant at = Instant.parse(entry.get("timestamp").asText());
                assertThat(at).isBeforeOrEqualTo(previous);
                previous = at;
                assertThat(seen.add(entry.get("id").asText())).isTrue();
            }
        }
        assertThat(seen).hasSize((int) expected);
    }

    private static void awaitEntries(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = total(Map.of());
            if (seen >= expected) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(seen).as("audit entries visible on the read side").isEqualTo(expected);
    }

    private static long total(Map<String, Object> filter) {
        return logs(filter).get("totalCount").asLong();
    }

    private static JsonNode logs(Map<String, Object> filter) {
        SignedClient.Response response = reader.post(LOGS, filter);
        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
        return response.data();
    }

    private static long count(List<Write> writes, Predicate<Write> which) {
        return writes.stream().filter(which).count();
    }

    private static List<Write> sample(List<Write> writes, int size) {
        List<Write> sample = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            sample.add(writes.get(i * writes.size() / size));
        }
        sample.addAll(writes.stream().filter(w -> !w.success()).limit(5).collect(Collectors.toList()));
        return sample;
    }

    /**
     * The mix of writes, four at a time; the entities it creates are what later writes act on (a writer only
     * picks entities whose creation has been answered).
     */
    private static final class Workload {
        private static final int WRITERS = 4;
        private final Random random;
        private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
        private final List<String> users = new CopyOnWriteArrayList<>();
        private final List<String> groups = new CopyOnWriteArrayList<>();
        private final List<String> roles = new CopyOnWriteArrayList<>();

        Workload(Random random) {
            this.random = random;
        }

        void setUp(int phase) {
            for (int i = 0; i < 20; i++) {
                createUser(phase);
            }
            for (int i = 0; i < 10; i++) {
                createGroup(phase);
            }
            for (int i = 0; i < 5; i++) {
                createRole(phase);
            }
        }

        void run(int count, int phase) throws InterruptedException {
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> steps = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    steps.add(writers.submit(() -> step(phase)));
                }
                for (Future<?> step : steps) {
                    step.get();
                }
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            } finally {
                writers.shutdownNow();
            }
        }

        private void step(int phase) {
            int dice = random.nextInt(100);
            if (dice < 12) {
                createGroup(phase);
            } else if (dice < 24) {
                write(phase, true, "update", "userGroup", "/api/v3/update-group",
                        Map.of("code", any(groups), "name", "renamed " + dice));
            } else if (dice < 44) {
                // often users who are members already: accepted, no event
                write(phase, true, "add", "userGroup", "/api/v3/add-group-members",
                        Map.of("code", any(groups), "userIds", List.of(any(users), any(users)).stream().distinct().toList()));
            } else if (dice < 58) {
                write(phase, true, "add", "roleAssign", "/api/v3/assign-role", Map.of("code", any(roles),
                        "namespace", "default", "targets", List.of(Map.of("targetType", "USER",
                                "targetIdentifier", any(users)))));
            } else if (dice < 62) {
                createUser(phase);
            } else if (dice < 66) {
                createRole(phase);
            } else if (dice < 80) {
                write(phase, true, "delete", "userGroup", "/api/v3/delete-groups-batch",
                        Map.of("codeList", List.of(unique("absent"))));
            } else if (dice < 85) {
                write(phase, false, "create", "userGroup", "/api/v3/create-group", Map.of("code", any(groups), "name", "n"));
            } else if (dice < 90) {
                write(phase, false, "add", "userGroup", "/api/v3/add-group-members",
                        Map.of("code", any(groups), "userIds", List.of(any(users), "ffffffffffffffffffffffff")));
            } else if (dice < 95) {
                write(phase, false, "create", "userGroup", "/api/v3/create-group", Map.of("code", "bad code!", "name", "n"));
            } else {
                write(phase, false, "add", "roleAssign", "/api/v3/assign-role", Map.of("code", unique("norole"),
                        "namespace", "default", "targets", List.of(Map.of("targetType", "USER",
                                "targetIdentifier", any(users)))));
            }
        }

        private void createUser(int phase) {
            users.add(write(phase, true, "create", "user", "/api/v3/create-user", Map.of("username", unique("au")))
                    .get("userId").asText());
        }

        private void createGroup(int phase) {
            String code = unique("ag");
            write(phase, true, "create", "userGroup", "/api/v3/create-group", Map.of("code", code, "name", code));
            groups.add(code); // only once it exists: another writer may pick it next
        }

        private void createRole(int phase) {
            String code = unique("ar");
            write(phase, true, "create", "role", "/api/v3/create-role", Map.of("code", code, "namespace", "default"));
            roles.add(code);
        }

        private JsonNode write(int phase, boolean accepted, String operationType, String resourceType, String path,
                               Map<String, Object> body) {
            SignedClient.Response response = writer.post(path, body);
            assertThat(response.statusCode() == 200).as(path + " " + body + " -> " + response.body()).isEqualTo(accepted);
            writes.add(new Write(response.body().get("requestId").asText(), accepted, operationType, resourceType, phase));
            return response.data();
        }

        private String any(List<String> from) {
            return from.get(random.nextInt(from.size()));
        }

        private static String unique(String prefix) {
            return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        }
    }
}
