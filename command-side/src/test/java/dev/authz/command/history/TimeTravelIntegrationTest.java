package dev.authz.command.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.command.CommandSideTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.authz.command.history.HistoryIntegrationTest.ok;
import static dev.authz.command.history.HistoryIntegrationTest.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * State as of an instant, folded from the real PostgreSQL event store: a group across member changes, a rename
 * and its deletion; a role's assignments incl. a time-bounded one; a user's effective permissions before and
 * after a grant, a DENY, a group removal, a department's role and a role revocation. All instants are in the past
 * by the time they are asked about, so every answer is pure history.
 */
class TimeTravelIntegrationTest extends CommandSideTestBase {
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aGroupAsOfEachInstantOfItsLife() throws InterruptedException {
        String oldCode = unique("tg");
        String newCode = unique("tg2");
        String alice = user(poolA);
        String bob = user(poolA);
        Instant beforeCreation = now();
        ok(poolA.post("/api/v3/create-group", Map.of("code", oldCode, "name", "G", "description", "first")));
        Instant created = now();
        ok(poolA.post("/api/v3/add-group-members", Map.of("code", oldCode, "userIds", List.of(alice, bob))));
        Instant bothMembers = now();
        ok(poolA.post("/api/v3/remove-group-members", Map.of("code", oldCode, "userIds", List.of(alice))));
        Instant oneMember = now();
        ok(poolA.post("/api/v3/update-group", Map.of("code", oldCode, "newCode", newCode, "name", "G2")));
        Instant renamed = now();
        ok(poolA.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(newCode))));
        Instant deleted = now();

        JsonNode atCreation = groupAsOf(oldCode, created);
        assertThat(atCreation.path("code").asText()).isEqualTo(oldCode);
        assertThat(atCreation.path("name").asText()).isEqualTo("G");
        assertThat(atCreation.path("description").asText()).isEqualTo("first");
        assertThat(atCreation.path("memberCount").asLong()).isZero();
        assertThat(atCreation.path("deleted").asBoolean()).isFalse();

        assertThat(members(groupAsOf(oldCode, bothMembers))).containsExactly(alice, bob);
        JsonNode byLaterCode = groupAsOf(newCode, bothMembers);
        assertThat(byLaterCode.path("code").asText()).as("found by its later code, as it was then").isEqualTo(oldCode);
        assertThat(byLaterCode.path("memberCount").asLong()).isEqualTo(2);
        JsonNode paged = ok(poolA.get("/api/v3/get-group-as-of", Map.of("code", oldCode,
                "at", bothMembers.toString(), "page", 2, "limit", 1)));
        assertThat(members(paged)).containsExactly(bob);
        assertThat(paged.path("members").path("totalCount").asLong()).isEqualTo(2);

        assertThat(members(groupAsOf(oldCode, oneMember))).containsExactly(bob);
        JsonNode afterRename = groupAsOf(newCode, renamed);
        assertThat(afterRename.path("code").asText()).isEqualTo(newCode);
        assertThat(afterRename.path("name").asText()).isEqualTo("G2");
        assertThat(groupAsOf(oldCode, renamed).path("code").asText()).as("its former code still finds it")
                .isEqualTo(newCode);

        JsonNode afterDeletion = groupAsOf(newCode, deleted);
        assertThat(afterDeletion.path("deleted").asBoolean()).isTrue();
        assertThat(afterDeletion.path("memberCount").asLong()).isZero();

        var notYet = poolA.get("/api/v3/get-group-as-of", Map.of("code", oldCode, "at", beforeCreation.toString()));
        assertThat(notYet.statusCode()).isEqualTo(404);
        assertThat(notYet.body().path("apiCode").asInt()).isEqualTo(40470);
        assertThat(poolB.get("/api/v3/get-group-as-of", Map.of("code", oldCode, "at", deleted.toString())).message())
                .as("another pool's group").isEqualTo("分组不存在");
    }

    /**
     * Members as of each instant of a history with leaving and joining again, page by page: the order in which they
     * (last) joined, as a set that keeps joining order says; an instant never sees a later change.
     */
    @Test
    void aGroupsMembersAsOfEachInstantPageByPage() throws InterruptedException {
        String code = unique("tgm");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            users.add(user(poolA));
        }
        ok(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "G")));
        String other = unique("tgo");
        ok(poolA.post("/api/v3/create-group", Map.of("code", other, "name", "other")));
        List<Object[]> changes = List.of(
                new Object[] {"add", List.of(0, 1, 2)},
                new Object[] {"add", List.of(3, 4)},
                new Object[] {"remove", List.of(1)},
                new Object[] {"add", List.of(1, 5)},
                new Object[] {"remove", List.of(0, 4)},
                new Object[] {"add", List.of(6, 0)});
        Set<String> expected = new LinkedHashSet<>();
        Map<Instant, List<String>> then = new LinkedHashMap<>();
        then.put(now(), List.of());
        for (Object[] change : changes) {
            @SuppressWarnings("unchecked")
            List<String> ids = ((List<Integer>) change[1]).stream().map(users::get).toList();
            boolean add = change[0].equals("add");
            ok(poolA.post("/api/v3/" + (add ? "add" : "remove") + "-group-members",
                    Map.of("code", code, "userIds", ids)));
            // the same users in another group: its events are not this group's
            ok(poolA.post("/api/v3/" + (add ? "add" : "remove") + "-group-members",
                    Map.of("code", other, "userIds", ids)));
            if (add) {
                expected.addAll(ids);
            } else {
                ids.forEach(expected::remove);
            }
            then.put(now(), List.copyOf(expected));
        }

        then.forEach((at, members) -> {
            List<String> paged = new ArrayList<>();
            for (int page = 1; page <= members.size() / 2 + 2; page++) {
                JsonNode group = ok(poolA.get("/api/v3/get-group-as-of", Map.of("code", code, "at", at.toString(),
                        "page", page, "limit", 2)));
                assertThat(group.path("memberCount").asLong()).as("members at %s", at).isEqualTo(members.size());
                assertThat(group.path("members").path("totalCount").asLong()).isEqualTo(members.size());
                paged.addAll(members(group));
            }
            assertThat(paged).as("members at %s, page by page", at).containsExactlyElementsOf(members);
        });
        assertThat(then.values()).last().asList().as("the last instant: users 2 3 1 5 6 0")
                .containsExactly(users.get(2), users.get(3), users.get(1), users.get(5), users.get(6), users.get(0));
    }

    @Test
    void aRolesAssignmentsAsOfAnInstantCountATimeBoundedOneOnlyInsideItsWindow() throws InterruptedException {
        String role = unique("tr");
        String renamed = unique("tr2");
        String alice = user(poolA);
        String bob = user(poolA);
        ok(poolA.post("/api/v3/create-role", Map.of("code", role, "description", "d")));
        ok(poolA.post("/api/v3/assign-role", Map.of("code", role, "targets", List.of(target("USER", alice)))));
        long enableTime = System.currentTimeMillis() + 1500;
        long endTime = enableTime + 500;
        ok(poolA.post("/api/v3/assign-role", Map.of("code", role, "targets", List.of(target("USER", bob)),
                "enableTime", enableTime, "endTime", endTime)));
        Instant beforeWindow = now();
        Thread.sleep(Math.max(0, endTime - System.currentTimeMillis()) + 50);
        ok(poolA.post("/api/v3/update-role", Map.of("code", role, "newCode", renamed, "status", "DISABLE")));
        ok(poolA.post("/api/v3/revoke-role", Map.of("code", renamed, "targets", List.of(target("USER", alice)))));
        Instant revoked = now();

        assertThat(beforeWindow.toEpochMilli()).isLessThan(enableTime);
        JsonNode early = roleAsOf(role, beforeWindow);
        assertThat(early.path("code").asText()).isEqualTo(role);
        assertThat(early.path("status").asText()).isEqualTo("ENABLE");
        assertThat(assignees(early)).containsExactly(alice);
        JsonNode inWindow = roleAsOf(role, Instant.ofEpochMilli(enableTime + 100));
        assertThat(assignees(inWindow)).containsExactly(alice, bob);
        JsonNode bobs = inWindow.path("assignments").path("list").get(1);
        assertThat(bobs.path("targetType").asText()).isEqualTo("USER");
        assertThat(bobs.path("enableTime").asLong()).isEqualTo(enableTime);
        assertThat(bobs.path("endTime").asLong()).isEqualTo(endTime);
        JsonNode windowEnded = roleAsOf(renamed, Instant.ofEpochMilli(endTime));
        assertThat(windowEnded.path("code").asText()).as("found by its later code, as it was then").isEqualTo(role);
        assertThat(assignees(windowEnded)).as("the window has ended").containsExactly(alice);
        JsonNode last = roleAsOf(renamed, revoked);
        assertThat(last.path("code").asText()).isEqualTo(renamed);
        assertThat(last.path("status").asText()).isEqualTo("DISABLE");
        assertThat(assignees(last)).isEmpty();
        assertThat(poolA.get("/api/v3/get-role-as-of", Map.of("code", role, "namespace", unique("x"),
                "at", revoked.toString())).message()).isEqualTo("权限组不存在");
    }

    /**
     * Assignments as of each instant of a history with revocations, assigning again after a revocation (placed
     * last) and while assigned with another window (the place stays, the window changes), page by page: as a map
     * that keeps insertion order says, counting only the windows that hold the instant.
     */
    @Test
    void aRolesAssignmentsAsOfEachInstantPageByPage() throws InterruptedException {
        String role = unique("trp");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(user(poolA));
        }
        ok(poolA.post("/api/v3/create-role", Map.of("code", role, "description", "d")));
        long hour = 3_600_000;
        long now = System.currentTimeMillis();
        List<Long> open = Arrays.asList(null, null);
        List<Long> current = List.of(now - hour, now + hour);
        List<Long> ended = List.of(now - 2 * hour, now - hour);
        record Change(String operation, List<Integer> users, List<Long> window) {
        }
        List<Change> changes = List.of(
                new Change("assign", List.of(0, 1, 2), open),
                new Change("assign", List.of(3), current),
                new Change("revoke", List.of(1), open),
                new Change("assign", List.of(1, 4), open),
                new Change("assign", List.of(0), ended),
                new Change("assign", List.of(0), open),
                new Change("revoke", List.of(2), open),
                new Change("assign", List.of(5), current));
        Map<String, List<Long>> assigned = new LinkedHashMap<>();
        Map<Instant, List<String>> then = new LinkedHashMap<>();
        for (Change change : changes) {
            List<String> ids = change.users().stream().map(users::get).toList();
            Map<String, Object> body = new HashMap<>(Map.of("code", role,
                    "targets", ids.stream().map(id -> target("USER", id)).toList()));
            if (change.window().get(0) != null) {
                body.put("enableTime", change.window().get(0));
                body.put("endTime", change.window().get(1));
            }
            ok(poolA.post("/api/v3/" + change.operation() + "-role", body));
            ids.forEach(id -> {
                if (change.operation().equals("assign")) {
                    assigned.put(id, change.window());
                } else {
                    assigned.remove(id);
                }
            });
            then.put(now(), assigned.entrySet().stream().filter(a -> !a.getValue().equals(ended))
                    .map(Map.Entry::getKey).toList());
        }

        then.forEach((at, counting) -> {
            List<String> paged = new ArrayList<>();
            for (int page = 1; page <= counting.size() / 2 + 2; page++) {
                JsonNode state = ok(poolA.get("/api/v3/get-role-as-of", Map.of("code", role, "at", at.toString(),
                        "page", page, "limit", 2)));
                assertThat(state.path("assignments").path("totalCount").asLong()).as("assignments at %s", at)
                        .isEqualTo(counting.size());
                paged.addAll(assignees(state));
            }
            assertThat(paged).as("assignments at %s, page by page", at).containsExactlyElementsOf(counting);
        });
        assertThat(then.values()).last().asList().as("the last instant: users 0 3 1 4 5")
                .containsExactly(users.get(0), users.get(3), users.get(1), users.get(4), users.get(5));
        JsonNode last = ok(poolA.get("/api/v3/get-role-as-of", Map.of("code", role, "at", now().toString(),
                "page", 2, "limit", 1)));
        assertThat(last.path("assignments").path("list").get(0).path("enableTime").asLong())
                .as("the window of the last assignment").isEqualTo(current.get(0));
    }

    @Test
    void aUsersEffectivePermissionsAsOfInstantsAroundEveryChange() throws InterruptedException {
        String namespace = unique("pns");
        ok(poolA.post("/api/v3/create-namespace", Map.of("code", namespace, "name", "N")));
        String doc = unique("doc");
        String report = unique("report");
        for (String code : List.of(doc, report)) {
            ok(poolA.post("/api/v3/create-resource", Map.of("code", code, "type", "DATA", "namespace", namespace,
                    "description", "about " + code, "actions", List.of(Map.of("name", "read", "description", "r")))));
        }
        String userId = user(poolA);
        String group = unique("pg");
        ok(poolA.post("/api/v3/create-group", Map.of("code", group, "name", "G")));
        Instant nothing = now();

        grant(namespace, "USER", userId, doc, "read", "ALLOW");
        Instant direct = now();
        grant(namespace, "GROUP", group, doc, "write", "ALLOW");
        ok(poolA.post("/api/v3/add-group-members", Map.of("code", group, "userIds", List.of(userId))));
        Instant viaGroup = now();
        grant(namespace, "USER", userId, doc, "write", "DENY");
        Instant denied = now();
        ok(poolA.post("/api/v3/remove-group-members", Map.of("code", group, "userIds", List.of(userId))));
        Instant leftGroup = now();

        String role = unique("pr");
        ok(poolA.post("/api/v3/create-role", Map.of("code", role, "namespace", namespace)));
        grant(namespace, "ROLE", role, report, "read", "ALLOW");
        ok(poolA.post("/api/v3/assign-role", Map.of("code", role, "namespace", namespace,
                "targets", List.of(target("USER", userId)))));
        Instant viaRole = now();
        ok(poolA.post("/api/v3/revoke-role", Map.of("code", role, "namespace", namespace,
                "targets", List.of(target("USER", userId)))));
        Instant roleRevoked = now();

        JsonNode organization = ok(poolA.post("/api/v3/create-organization",
                Map.of("organizationCode", unique("org"), "organizationName", "Org")));
        String orgCode = organization.path("organizationCode").asText();
        String department = ok(poolA.post("/api/v3/create-department", Map.of("organizationCode", orgCode,
                "parentDepartmentId", organization.path("departmentId").asText(), "name", "Dept")))
                .path("departmentId").asText();
        ok(poolA.post("/api/v3/add-department-members", Map.of("organizationCode", orgCode,
                "departmentId", department, "userIds", List.of(userId))));
        String departmentRole = unique("pdr"); // never assigned to the user itself
        ok(poolA.post("/api/v3/create-role", Map.of("code", departmentRole, "namespace", namespace)));
        grant(namespace, "ROLE", departmentRole, report, "read", "ALLOW");
        ok(poolA.post("/api/v3/assign-role", Map.of("code", departmentRole, "namespace", namespace,
                "targets", List.of(target("DEPARTMENT", department)))));
        grant(namespace, "DEPARTMENT", department, doc, "read", "ALLOW"); // a department without a code
        Instant viaDepartmentRole = now();
        String renamedNamespace = unique("pns2");
        ok(poolA.post("/api/v3/update-namespace", Map.of("code", namespace, "newCode", renamedNamespace)));
        ok(poolA.post("/api/v3/delete-users-batch", Map.of("userIds", List.of(userId))));
        Instant userDeleted = now();

        assertThat(resources(userId, namespace, nothing)).isEmpty();
        assertThat(allowed(userId, namespace, nothing, doc, "read")).isFalse();

        assertThat(resources(userId, namespace, direct)).containsExactly(doc + " ALLOW [read]");
        assertThat(allowed(userId, namespace, direct, doc, "read")).isTrue();
        JsonNode details = ok(poolA.get("/api/v3/get-user-authorized-resources-as-of", Map.of("userId", userId,
                "namespace", namespace, "at", direct.toString()))).path("list").get(0);
        assertThat(details.path("description").asText()).isEqualTo("about " + doc);
        assertThat(details.path("resourceType").asText()).isEqualTo("DATA");

        assertThat(resources(userId, namespace, viaGroup)).containsExactly(doc + " ALLOW [read, write]");
        assertThat(allowed(userId, namespace, viaGroup, doc, "write")).isTrue();

        assertThat(allowed(userId, namespace, denied, doc, "write")).as("the DENY wins over the group's ALLOW")
                .isFalse();
        assertThat(allowed(userId, namespace, denied, doc, "read")).as("read was replaced by the DENY grant")
                .isFalse();
        assertThat(resources(userId, namespace, denied)).containsExactly(doc + " ALLOW [write]");

        assertThat(resources(userId, namespace, leftGroup)).isEmpty();
        assertThat(allowed(userId, namespace, leftGroup, doc, "write")).isFalse();

        assertThat(resources(userId, namespace, viaRole)).containsExactly(report + " ALLOW [read]");
        assertThat(allowed(userId, namespace, roleRevoked, report, "read")).isFalse();
        assertThat(allowed(userId, namespace, viaDepartmentRole, report, "read")).as("through the department's role")
                .isTrue();
        assertThat(resources(userId, namespace, viaDepartmentRole)).as("the department's own grant, then its role's")
                .containsExactly(doc + " ALLOW [read]", report + " ALLOW [read]");
        assertThat(allowed(userId, renamedNamespace, viaDepartmentRole, report, "read"))
                .as("the namespace by its later code").isTrue();

        var gone = poolA.get("/api/v3/is-action-allowed-as-of", Map.of("userId", userId, "namespace", namespace,
                "at", userDeleted.toString(), "resource", report, "action", "read"));
        assertThat(gone.body().path("apiCode").asInt()).isEqualTo(40470);
        assertThat(poolB.get("/api/v3/get-user-authorized-resources-as-of", Map.of("userId", userId,
                "at", direct.toString())).message()).as("another pool's user").isEqualTo("用户不存在");
    }

    /**
     * Stores that predate {@code subject_link} and {@code subject_event} get their rows from V5's and V6's
     * backfills; they must find exactly the rows written with the events (every test's in this context: groups,
     * departments, user and department roles, joined and left).
     */
    @Test
    void theMigrationsBackfillTheLinksAndNamingsTheEventsMade() throws IOException {
        String userId = user(poolA);
        String group = unique("lg");
        ok(poolA.post("/api/v3/create-group", Map.of("code", group, "name", "G")));
        ok(poolA.post("/api/v3/add-group-members", Map.of("code", group, "userIds", List.of(userId))));
        JsonNode organization = ok(poolA.post("/api/v3/create-organization",
                Map.of("organizationCode", unique("lorg"), "organizationName", "Org")));
        String department = organization.path("departmentId").asText();
        ok(poolA.post("/api/v3/add-department-members", Map.of("organizationCode",
                organization.path("organizationCode").asText(), "departmentId", department, "userIds", List.of(userId))));
        String role = unique("lr");
        ok(poolA.post("/api/v3/create-role", Map.of("code", role)));
        ok(poolA.post("/api/v3/assign-role", Map.of("code", role, "targets",
                List.of(target("USER", userId), target("DEPARTMENT", department)))));
        ok(poolA.post("/api/v3/remove-group-members", Map.of("code", group, "userIds", List.of(userId))));
        ok(poolA.post("/api/v3/revoke-role", Map.of("code", role, "targets",
                List.of(target("DEPARTMENT", department)))));
        ok(poolA.post("/api/v3/remove-department-members", Map.of("organizationCode",
                organization.path("organizationCode").asText(), "departmentId", department, "userIds", List.of(userId))));
        List<String> written = links();
        assertThat(written).anyMatch(link -> link.startsWith("pool-a " + userId + " GROUP "))
                .contains("pool-a " + userId + " DEPARTMENT " + department)
                .anyMatch(link -> link.startsWith("pool-a " + userId + " ROLE "))
                .anyMatch(link -> link.startsWith("pool-a " + department + " ROLE "));
        List<String> named = namings();
        assertThat(named).as("the user joined and left a group and a department, got a role")
                .filteredOn(naming -> naming.startsWith(userId + " ")).hasSize(5);
        assertThat(named).as("the department got a role and lost it")
                .filteredOn(naming -> naming.startsWith(department + " ")).hasSize(2);

        jdbc.update("DELETE FROM subject_link");
        jdbc.execute(backfill("V5__subject_link.sql", "INSERT INTO subject_link"));
        assertThat(links()).isEqualTo(written);
        jdbc.update("DELETE FROM subject_event");
        jdbc.execute(backfill("V6__subject_event.sql", "INSERT INTO subject_event"));
        assertThat(namings()).isEqualTo(named);
    }

    private static String backfill(String migration, String from) throws IOException {
        String sql = new ClassPathResource("db/migration/" + migration).getContentAsString(StandardCharsets.UTF_8);
        return sql.substring(sql.indexOf(from));
    }

    private List<String> links() {
        return jdbc.queryForList("SELECT concat_ws(' ', pool_id, subject_id, linked_kind, linked_id) "
                + "FROM subject_link ORDER BY 1", String.class);
    }

    private List<String> namings() {
        return jdbc.queryForList("SELECT concat_ws(' ', s.subject_id, e.payload_type, e.aggregate_identifier) "
                + "FROM subject_event s JOIN domain_event_entry e USING (event_identifier) ORDER BY 1", String.class);
    }

    /**
     * Memberships and role assignments are read through {@code subject_event}, everything else through the
     * partial index that leaves them out: the index must leave out exactly those types, and the query must be
     * able to use it (with sequential scans off, a plan can only avoid them through an index it may use).
     */
    @Test
    void otherEventsOfLinkedAggregatesAreReadThroughThePartialIndex() {
        String definition = jdbc.queryForObject("SELECT indexdef FROM pg_indexes "
                + "WHERE indexname = 'domain_event_entry_not_naming'", String.class);
        assertThat(definition.split("'").length / 2).as(definition).isEqualTo(SubjectLinks.NAMING_EVENTS.size());
        SubjectLinks.NAMING_EVENTS.forEach(type -> assertThat(definition).contains("'" + type.getName() + "'"));

        List<String> plan = new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL enable_seqscan = off");
            return jdbc.queryForList("EXPLAIN SELECT global_index FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ANY('{a,b}'::varchar[]) AND " + StoredEvents.NOT_NAMING
                    + " ORDER BY global_index", String.class);
        });
        assertThat(String.join("\n", plan)).contains("domain_event_entry_not_naming");
    }

    @Test
    void anInstantThatIsNoInstantOrInTheFutureIsAFormatError() {
        String code = unique("bad");
        ok(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "G")));
        for (String at : List.of("yesterday", "2024-13-01T00:00:00Z", "12:00", "-5", "",
                Instant.now().plusSeconds(3600).toString(), String.valueOf(System.currentTimeMillis() + 3_600_000))) {
            var response = poolA.get("/api/v3/get-group-as-of", Map.of("code", code, "at", at));
            assertThat(response.status()).as(at).isEqualTo(200);
            assertThat(response.statusCode()).as(at).isEqualTo(400);
            assertThat(response.message()).as(at).isEqualTo("参数 at 格式错误");
        }
        assertThat(poolA.get("/api/v3/get-group-as-of", Map.of("code", code)).message()).isEqualTo("参数 at 格式错误");
        assertThat(poolA.get("/api/v3/get-user-authorized-resources-as-of", Map.of("userId", "u", "at", "soon"))
                .message()).isEqualTo("参数 at 格式错误");
        String now = String.valueOf(System.currentTimeMillis());
        assertThat(ok(poolA.get("/api/v3/get-group-as-of", Map.of("code", code, "at", now))).path("code").asText())
                .as("epoch milliseconds").isEqualTo(code);
        String withOffset = Instant.now().atOffset(ZoneOffset.ofHours(8)).toString();
        assertThat(ok(poolA.get("/api/v3/get-group-as-of", Map.of("code", code, "at", withOffset))).path("code")
                .asText()).as("an offset").isEqualTo(code);
    }

    private JsonNode groupAsOf(String code, Instant at) {
        return ok(poolA.get("/api/v3/get-group-as-of", Map.of("code", code, "at", at.toString())));
    }

    private JsonNode roleAsOf(String code, Instant at) {
        return ok(poolA.get("/api/v3/get-role-as-of", Map.of("code", code, "at", at.toString())));
    }

    private List<String> resources(String userId, String namespace, Instant at) {
        List<String> found = new ArrayList<>();
        ok(poolA.get("/api/v3/get-user-authorized-resources-as-of", Map.of("userId", userId, "namespace", namespace,
                "at", at.toString()))).path("list").forEach(r -> {
            List<String> actions = new ArrayList<>();
            r.path("actions").forEach(a -> actions.add(a.asText()));
            found.add(r.path("resourceCode").asText() + " " + r.path("effect").asText() + " " + actions);
        });
        return found;
    }

    private boolean allowed(String userId, String namespace, Instant at, String resource, String action) {
        return ok(poolA.get("/api/v3/is-action-allowed-as-of", Map.of("userId", userId, "namespace", namespace,
                "at", at.toString(), "resource", resource, "action", action))).path("allowed").asBoolean();
    }

    private void grant(String namespace, String targetType, String target, String resource, String action,
                       String effect) {
        ok(poolA.post("/api/v3/authorize-resources", Map.of("namespace", namespace, "list", List.of(Map.of(
                "targetType", targetType, "targetIdentifiers", List.of(target),
                "resources", List.of(Map.of("code", resource, "actions", List.of(action), "resourceType", "DATA",
                        "effect", effect)))))));
    }

    private static List<String> members(JsonNode group) {
        List<String> ids = new ArrayList<>();
        group.path("members").path("list").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static List<String> assignees(JsonNode role) {
        List<String> ids = new ArrayList<>();
        role.path("assignments").path("list").forEach(a -> ids.add(a.path("targetId").asText()));
        return ids;
    }

    private static Map<String, String> target(String type, String id) {
        return Map.of("targetType", type, "targetIdentifier", id);
    }

    /** An instant strictly between the write that just answered and the next one. */
    private static Instant now() throws InterruptedException {
        Thread.sleep(5);
        Instant now = Instant.now();
        Thread.sleep(5);
        return now;
    }
}
