package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.devstack.ApiCatalog.Endpoint;
import dev.authz.devstack.HostileCorpus.BadRequest;
import dev.authz.devstack.HostileCorpus.Body;
import dev.authz.devstack.HostileCorpus.Fixture;
import dev.authz.devstack.HostileCorpus.Query;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of bad requests over every endpoint the services declare (their OpenAPI documents), signed, through
 * the gateway: no answer is a 5xx, every request that is invalid by the API's rules is refused, no search for a
 * hostile term finds anything, and nothing is written (no domain event in the event store, the read model's
 * lists unchanged). Run alone: {@code mvn -o -pl devstack verify -Dtest=HostileInputEndToEndTest}; replay a
 * failure with {@code -Dhostile.seed=<the printed seed>}.
 */
class HostileInputEndToEndTest {
    private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    /** Requests per endpoint (every kind it has at least once); -Dhostile.full=true sends the whole corpus. */
    private static final int PER_ENDPOINT = Integer.getInteger("hostile.perEndpoint", 16);
    // The whole corpus by default: a seeded sample once let a gap (an unchecked 100,000-character keyword) through
    // CI runs until a seed happened to pick it. -Dhostile.full=false sends the sample (quicker, for local loops).
    private static final boolean FULL = Boolean.parseBoolean(System.getProperty("hostile.full", "true"));
    private static final int THREADS = 4;

    private static LocalSystem system;
    private static SignedClient client;
    private static Fixture fixture;
    private static List<Endpoint> endpoints;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.get();
        client = new SignedClient(system.gatewayUrl(), SystemUnderTest.HOSTILE_POOL_ID, SystemUnderTest.HOSTILE_POOL_SECRET);
        fixture = createFixture();
        endpoints = ApiCatalog.load(system);
    }

    @Test
    void everyBadRequestIsRefusedWithoutA5xxAndNothingIsWritten() throws Exception {
        System.out.println("[hostile] seed " + SEED + " (rerun with -Dhostile.seed=" + SEED + ")");
        assertThat(endpoints).as("endpoints declared by the services").hasSizeGreaterThan(80)
                .anyMatch(e -> e.method().equals("GET") && e.service().equals("query-side"))
                .anyMatch(e -> e.method().equals("POST") && e.service().equals("query-side"))
                .anyMatch(e -> e.method().equals("POST") && e.service().equals("command-side"))
                .anyMatch(e -> e.method().equals("GET") && e.service().equals("command-side"));

        Map<Endpoint, Boolean> writableBaselines = checkBaselines();
        List<BadRequest> whole = HostileCorpus.generate(endpoints, fixture, SEED, writableBaselines);
        List<BadRequest> corpus = FULL ? whole : HostileCorpus.sample(whole, PER_ENDPOINT, SEED);
        System.out.println("[hostile] sending " + corpus.size() + " of the " + whole.size()
                + " generated bad requests" + (FULL ? "" : " (-Dhostile.full=true, the default, sends all)"));
        Map<Endpoint, Long> perEndpoint = corpus.stream().collect(Collectors.groupingBy(BadRequest::endpoint,
                Collectors.counting()));
        assertThat(endpoints).as("every declared endpoint gets bad requests")
                .allSatisfy(endpoint -> assertThat(perEndpoint.getOrDefault(endpoint, 0L)).as(endpoint.toString())
                        .isGreaterThanOrEqualTo(10));
        assertThat(corpus).hasSizeGreaterThan(1000);

        Map<String, JsonNode> readModelBefore = readModelLists();
        EventFeedReader feed = new EventFeedReader(system);
        String cursor = feed.head();

        long started = System.nanoTime();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> perKind = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> perStatus = new ConcurrentHashMap<>();
        Map<String, java.util.concurrent.atomic.AtomicLong> millisPerKind = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (BadRequest request : corpus) {
                sent.add(pool.submit(() -> {
                    perKind.computeIfAbsent(request.kind(), k -> new AtomicInteger()).incrementAndGet();
                    SignedClient.Response response;
                    long sentAt = System.nanoTime();
                    try {
                        response = send(request);
                    } catch (UncheckedIOException e) {
                        failures.add("no answer (" + e.getCause() + "): " + request.describe());
                        return;
                    } finally {
                        millisPerKind.computeIfAbsent(request.kind(), k -> new java.util.concurrent.atomic.AtomicLong())
                                .addAndGet((System.nanoTime() - sentAt) / 1_000_000);
                    }
                    int outcome = response.status() == 200 ? response.statusCode() : response.status();
                    perStatus.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    String problem = problemWith(request, response);
                    if (problem != null) {
                        failures.add(problem + ": " + request.describe() + " -> HTTP " + response.status() + " "
                                + abbreviate(String.valueOf(response.body())));
                    }
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.println("[hostile] " + corpus.size() + " bad requests over " + endpoints.size() + " endpoints in "
                + millis + " ms; by kind " + new TreeMap<>(perKind) + "; answers (HTTP or envelope status) "
                + new TreeMap<>(perStatus) + "; milliseconds spent per kind " + new TreeMap<>(millisPerKind));
        failures.stream().collect(Collectors.groupingBy(HostileInputEndToEndTest::failureClass, TreeMap::new,
                Collectors.counting())).forEach((failure, count) -> System.out.println("[hostile] FAILED " + count
                + " x " + failure));
        assertThat(failures).as("seed " + SEED + ": " + failures.size() + " bad answers, the first ones:\n"
                + failures.stream().limit(40).collect(Collectors.joining("\n"))).isEmpty();

        List<JsonNode> domainEvents = feed.after(cursor).stream().filter(EventFeedReader::isDomainChange).toList();
        assertThat(domainEvents).as("domain events appended by the corpus (only audit entries of writes that changed "
                        + "nothing may be)")
                .isEmpty();
        assertThat(readModelLists()).as("the read model's lists").isEqualTo(readModelBefore);
    }

    /** A failure without its payload: problem, endpoint, kind and field. */
    private static String failureClass(String failure) {
        int cut = failure.indexOf(" [");
        int query = failure.indexOf(" ?");
        int end = cut < 0 ? query : query < 0 ? cut : Math.min(cut, query);
        return end < 0 ? failure : failure.substring(0, end);
    }

    /** What is wrong with this answer to this bad request, or null. */
    private static String problemWith(BadRequest request, SignedClient.Response response) {
        if (response.status() >= 500 || response.statusCode() >= 500) {
            return "server error";
        }
        if (response.status() == 401) {
            return "refused as wrongly signed (the corpus must reach validation)";
        }
        if (response.header("set-cookie") != null || response.header("x-injected") != null) {
            return "header injected";
        }
        boolean refused = response.status() >= 400 || response.statusCode() >= 400;
        if (!refused && response.body() == null) {
            return "no envelope";
        }
        if (request.mustRefuse() && !refused) {
            return "accepted though invalid";
        }
        if (request.expectEmpty() && !refused && !isEmpty(response.data())) {
            return "a hostile search term found something";
        }
        return null;
    }

    private static boolean isEmpty(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return true;
        }
        if (data.isArray()) {
            return data.isEmpty();
        }
        JsonNode list = data.has("list") ? data.get("list") : data.path("data");
        return list.isMissingNode() || list.isEmpty();
    }

    private static SignedClient.Response send(BadRequest request) {
        if (request.payload() instanceof Query query) {
            return client.getRaw(request.endpoint().path(), query.rawQuery());
        }
        Body body = (Body) request.payload();
        return client.postBytes(request.endpoint().path(), body.bytes(), body.contentType());
    }

    /**
     * Sends each write's baseline once, before the corpus, and tells which were accepted: only for those may the
     * corpus not drop optional fields (that would be a valid write). Reads must answer their baseline.
     */
    private static Map<Endpoint, Boolean> checkBaselines() {
        Map<Endpoint, Boolean> writable = new LinkedHashMap<>();
        Map<String, List<String>> byOutcome = new TreeMap<>();
        for (Endpoint endpoint : endpoints) {
            BadRequest baseline = HostileCorpus.baseline(endpoint, fixture);
            SignedClient.Response response = send(baseline);
            int outcome = response.status() == 200 ? response.statusCode() : response.status();
            assertThat(outcome).as("baseline " + baseline.describe() + " -> " + response.body()).isLessThan(500);
            boolean accepted = outcome == 200;
            writable.put(endpoint, HostileCorpus.isWrite(endpoint) && accepted);
            byOutcome.computeIfAbsent(outcome + (HostileCorpus.isWrite(endpoint) ? " write" : " read"),
                    k -> new ArrayList<>()).add(endpoint.operation() + (accepted ? "" : " " + response.message()));
        }
        byOutcome.forEach((outcome, list) -> System.out.println("[hostile] baselines " + outcome + ": " + list));
        return writable;
    }

    /** What a user sees in the pool's lists. */
    private static Map<String, JsonNode> readModelLists() {
        Map<String, JsonNode> lists = new LinkedHashMap<>();
        Map<String, Map<String, ?>> reads = new LinkedHashMap<>();
        reads.put("/api/v3/list-groups", Map.of("page", 1, "limit", 50));
        reads.put("/api/v3/get-all-groups", Map.of());
        reads.put("/api/v3/list-namespaces", Map.of("page", 1, "limit", 50));
        reads.put("/api/v3/list-roles", Map.of("namespace", fixture.namespaceCode(), "page", 1, "limit", 50));
        reads.put("/api/v3/list-resources", Map.of("namespace", fixture.namespaceCode(), "page", 1, "limit", 50));
        reads.put("/api/v3/list-organizations", Map.of("page", 1, "limit", 50));
        reads.put("/api/v3/list-group-members", Map.of("code", fixture.groupCode()));
        reads.put("/api/v3/list-role-members", Map.of("code", fixture.roleCode(), "namespace", fixture.namespaceCode()));
        reads.put("/api/v3/list-department-members", Map.of("organizationCode", fixture.organizationCode(),
                "departmentId", fixture.departmentId()));
        reads.put("/api/v3/get-user-groups", Map.of("userId", fixture.userId()));
        reads.put("/api/v3/get-user-roles", Map.of("userId", fixture.userId()));
        reads.forEach((path, params) -> lists.put(path, ok(client.get(path, params))));
        lists.put("/api/v3/list-users", ok(client.post("/api/v3/list-users", Map.of("options",
                Map.of("pagination", Map.of("page", 1, "limit", 50))))));
        return lists;
    }

    /** A group with a member, a namespace with a role (held by the user) and a resource, a department. */
    private static Fixture createFixture() {
        String username = unique("hostile-user");
        String userId = ok(client.post("/api/v3/create-users-batch", Map.of("list", List.of(Map.of("username", username)))))
                .get(0).get("userId").asText();
        String group = unique("hostile-group");
        ok(client.post("/api/v3/create-group", Map.of("code", group, "name", "Hostile", "description", "d")));
        ok(client.post("/api/v3/add-group-members", Map.of("code", group, "userIds", List.of(userId))));
        String namespace = unique("hostile-ns");
        ok(client.post("/api/v3/create-namespace", Map.of("code", namespace, "name", "Hostile")));
        String role = unique("hostile-role");
        ok(client.post("/api/v3/create-role", Map.of("code", role, "namespace", namespace, "description", "r")));
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "namespace", namespace,
                "targets", List.of(ManagementCalls.target("USER", userId)))));
        String resource = unique("hostile-doc");
        ok(client.post("/api/v3/create-resource", Map.of("code", resource, "type", "DATA", "namespace", namespace,
                "description", "d", "actions", List.of(Map.of("name", "read", "description", "r")))));
        JsonNode organization = ok(client.post("/api/v3/create-organization",
                Map.of("organizationCode", unique("hostile-org"), "organizationName", "Org")));
        String organizationCode = organization.get("organizationCode").asText();
        String rootDepartment = organization.get("departmentId").asText();
        String departmentCode = unique("hostile-dept");
        String department = ok(client.post("/api/v3/create-department", Map.of("organizationCode", organizationCode,
                "parentDepartmentId", rootDepartment, "name", "Dept", "code", departmentCode))).get("departmentId").asText();
        ok(client.post("/api/v3/add-department-members", Map.of("organizationCode", organizationCode,
                "departmentId", department, "userIds", List.of(userId))));
        return new Fixture(group, userId, username, namespace, role, resource, organizationCode, rootDepartment,
                department, departmentCode);
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }
}
