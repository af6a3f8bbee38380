package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.AdminActionRecorded;
import dev.authz.api.event.AdminActionRecorded.Change;
import dev.authz.api.event.GroupCreated;
import dev.authz.query.audit.AuditCollections;
import dev.authz.query.audit.AuditProjection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** get-admin-audit-logs over the projected AdminActionRecorded events: every filter, newest-first pages. */
class AuditReadsTest extends IntegrationTestBase {
    private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    @Autowired
    AuditProjection projection;
    @Autowired
    AuditCollections collections;

    /** An entry and the time it was recorded. */
    private record Recorded(AdminActionRecorded entry, Instant at) {
    }

    private static AdminActionRecorded entry(String admin, String operationType, String resourceType,
                                             boolean success, String clientIp) {
        String id = newId();
        return new AdminActionRecorded(POOL_A, id, admin, "req-" + id, clientIp, "axios/1.6.8", "op-" + operationType,
                operationType, resourceType, success, success ? null : 40901, success ? null : "分组标识符已存在: x",
                "{\"code\":\"x\"}", success ? "{\"name\":\"old\"}" : null, success ? "{\"name\":\"new\"}" : null,
                success ? List.of(new Change("GroupUpdated", "g1"), new Change("GroupUpdated", "g2")) : List.of());
    }

    /** Twelve entries one second apart, plus one sharing the last one's millisecond. */
    private List<Recorded> publishLog(String admin, Instant first) {
        String[][] kinds = {{"create", "userGroup"}, {"update", "userGroup"}, {"delete", "role"},
                {"add", "roleAssign"}, {"remove", "roleAssign"}, {"create", "resource"}};
        List<Recorded> log = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String[] kind = kinds[i % kinds.length];
            log.add(new Recorded(entry(admin, kind[0], kind[1], i % 4 != 3, i < 6 ? "10.0.0.1" : "10.0.0.2"),
                    first.plusSeconds(i)));
        }
        log.add(new Recorded(entry(admin, "update", "user", true, "10.0.0.2"), first.plusSeconds(11)));
        List<String> positions = new ArrayList<>();
        for (Recorded recorded : log) {
            EventStream.Record record = events().next(recorded.entry(), recorded.at());
            events().send(record);
            positions.add(record.position());
        }
        assertThat(applied(String.join(",", positions), 10_000)).isTrue();
        return log;
    }

    private static List<String> newestFirst(List<Recorded> log) {
        return log.stream().sorted(Comparator.comparing(Recorded::at)
                        .thenComparing(recorded -> recorded.entry().entryId()).reversed())
                .map(recorded -> recorded.entry().entryId()).toList();
    }

    private JsonNode logs(Map<String, Object> filter) {
        var response = poolA().post("/api/v3/get-admin-audit-logs", filter);
        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
        return response.data();
    }

    private JsonNode logsOf(String admin, Object... more) {
        Map<String, Object> filter = new HashMap<>(Map.of("userId", admin, "pagination", Map.of("limit", 50)));
        for (int i = 0; i < more.length; i += 2) {
            filter.put((String) more[i], more[i + 1]);
        }
        return logs(filter);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("list").forEach(entry -> ids.add(entry.get("id").asText()));
        return ids;
    }

    @Test
    void pagesAreNewestFirstAndCoverEveryEntryOnce() {
        String admin = unique("admin");
        List<Recorded> log = publishLog(admin, Instant.parse("2030-01-01T00:00:00.000Z"));

        List<String> paged = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode data = logs(Map.of("userId", admin, "pagination", Map.of("page", page, "limit", 5)));
            assertThat(data.get("totalCount").asInt()).isEqualTo(13);
            paged.addAll(ids(data));
        }
        assertThat(paged).containsExactlyElementsOf(newestFirst(log));
        assertThat(logs(Map.of("userId", admin, "pagination", Map.of("page", 4, "limit", 5))).get("list")).isEmpty();
        assertThat(logs(Map.of("userId", admin)).get("list")).as("10 by default").hasSize(10);
    }

    @Test
    void everyFilterNarrowsTheLog() {
        String admin = unique("admin");
        Instant first = Instant.parse("2031-01-01T00:00:00.000Z");
        List<Recorded> log = publishLog(admin, first);

        AdminActionRecorded third = log.get(2).entry();
        assertThat(ids(logsOf(admin, "requestId", third.requestId()))).containsExactly(third.entryId());
        assertThat(logsOf(admin, "clientIp", "10.0.0.1").get("totalCount").asInt()).isEqualTo(6);
        assertThat(logsOf(admin, "operationType", "create").get("totalCount").asInt()).isEqualTo(4);
        assertThat(logsOf(admin, "operationType", "all").get("totalCount").asInt()).isEqualTo(13);
        assertThat(logsOf(admin, "resourceType", "roleAssign").get("totalCount").asInt()).isEqualTo(4);
        assertThat(logsOf(admin, "resourceType", "roleAssign", "operationType", "remove").get("totalCount").asInt())
                .isEqualTo(2);
        assertThat(logsOf(admin, "success", false).get("totalCount").asInt()).isEqualTo(3);
        assertThat(logsOf(admin, "success", true).get("totalCount").asInt()).isEqualTo(10);
        // inclusive bounds, in epoch milliseconds
        JsonNode window = logsOf(admin, "start", first.plusSeconds(3).toEpochMilli(),
                "end", first.plusSeconds(7).toEpochMilli());
        assertThat(ids(window)).containsExactlyElementsOf(newestFirst(log.subList(3, 8)));
        assertThat(logsOf(admin, "start", first.plusSeconds(11).toEpochMilli()).get("totalCount").asInt())
                .isEqualTo(2);
        assertThat(logsOf(admin, "end", first.toEpochMilli()).get("totalCount").asInt()).isEqualTo(1);
        assertThat(logsOf(admin, "start", first.plusSeconds(5).toEpochMilli() + 1,
                "end", first.plusSeconds(6).toEpochMilli() - 1).get("totalCount").asInt()).isZero();

        var otherPool = poolB().post("/api/v3/get-admin-audit-logs", Map.of("userId", admin));
        assertThat(otherPool.data().get("totalCount").asInt()).as("another pool's log").isZero();
    }

    @Test
    void anEntryReadsAsTheSdksAdminAuditLogDto() {
        String admin = unique("admin");
        Instant at = Instant.parse("2032-02-03T04:05:06.789Z");
        AdminActionRecorded accepted = entry(admin, "update", "userGroup", true, "203.0.113.9");
        AdminActionRecorded fromBrowser = new AdminActionRecorded(POOL_A, newId(), admin, "req-browser", "203.0.113.9",
                BROWSER, "delete-groups-batch", "delete", "userGroup", true, null, null, null, null, "[]", List.of());
        AdminActionRecorded rejected = entry(admin, "create", "userGroup", false, "203.0.113.9");
        List<String> positions = new ArrayList<>();
        for (AdminActionRecorded entry : List.of(accepted, fromBrowser, rejected)) {
            EventStream.Record record = events().next(entry, at);
            events().send(record);
            positions.add(record.position());
        }
        assertThat(applied(String.join(",", positions), 10_000)).isTrue();

        JsonNode dto = logsOf(admin, "requestId", accepted.requestId()).get("list").get(0);
        assertThat(dto.get("adminUserId").asText()).isEqualTo(admin);
        assertThat(dto.get("adminUserDisplayName").asText()).isEqualTo(admin);
        assertThat(dto.get("adminUserAvatar").asText()).isEmpty();
        assertThat(dto.get("clientIp").asText()).isEqualTo("203.0.113.9");
        assertThat(dto.get("operationType").asText()).isEqualTo("update");
        assertThat(dto.get("resourceType").asText()).isEqualTo("userGroup");
        assertThat(dto.get("operation").asText()).isEqualTo("op-update");
        assertThat(dto.get("success").asBoolean()).isTrue();
        assertThat(dto.get("eventDetails").asText()).isEqualTo("GroupUpdated x2");
        assertThat(dto.get("operationParam").asText()).isEqualTo("{\"code\":\"x\"}");
        assertThat(dto.get("originValue").asText()).isEqualTo("{\"name\":\"old\"}");
        assertThat(dto.get("targetValue").asText()).isEqualTo("{\"name\":\"new\"}");
        assertThat(dto.get("timestamp").asText()).isEqualTo("2032-02-03T04:05:06.789Z");
        assertThat(dto.get("requestId").asText()).isEqualTo(accepted.requestId());
        assertThat(dto.get("userAgent").asText()).isEqualTo("axios/1.6.8");
        assertThat(dto.get("ua").get("name").asText()).isEqualTo("axios");
        assertThat(dto.get("ua").get("device").asText()).isEqualTo("other");
        assertThat(dto.get("geoip").isNull()).isTrue();

        JsonNode browser = logsOf(admin, "requestId", "req-browser").get("list").get(0);
        assertThat(browser.get("ua").get("name").asText()).isEqualTo("Chrome");
        assertThat(browser.get("ua").get("os").asText()).isEqualTo("macOS");
        assertThat(browser.get("ua").get("device").asText()).isEqualTo("desktop");
        assertThat(browser.get("eventDetails").asText()).isEqualTo("no change");

        JsonNode failure = logsOf(admin, "requestId", rejected.requestId()).get("list").get(0);
        assertThat(failure.get("success").asBoolean()).isFalse();
        assertThat(failure.get("apiCode").asInt()).isEqualTo(40901);
        assertThat(failure.get("eventDetails").asText()).isEqualTo("分组标识符已存在: x");
    }

    @Test
    void theProjectionIsIdempotentUnderDuplicateDelivery() {
        String admin = unique("admin");
        AdminActionRecorded entry = entry(admin, "create", "userGroup", true, "10.0.0.1");
        Instant at = Instant.parse("2033-01-01T00:00:00.000Z");
        // written once before a crash that lost the sequence guard's write, then delivered, then redelivered
        projection.apply(entry, at);
        EventStream.Record record = events().next(entry, at);
        events().send(record);
        assertThat(applied(record.position(), 10_000)).isTrue();
        Document stored = collections.entries().find(new Document("_id", entry.entryId())).first();
        projection.apply(entry, at);
        events().sendRaw(0, record.key(), record.json());
        EventStream.Record marker = events().next(new GroupCreated(POOL_A, newId(), unique("m"), "m", "", "static",
                null));
        events().sendRaw(0, marker.key(), marker.json());
        assertThat(applied(marker.position(), 10_000)).isTrue();

        assertThat(collections.entries().countDocuments(new Document("adminUserId", admin))).isEqualTo(1);
        assertThat(collections.entries().find(new Document("_id", entry.entryId())).first()).isEqualTo(stored);
        assertThat(logsOf(admin).get("totalCount").asInt()).isEqualTo(1);
    }

    @Test
    void badFiltersAreClearErrors() {
        var unknownType = poolA().post("/api/v3/get-admin-audit-logs", Map.of("operationType", "destroy"));
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(unknownType.message()).isEqualTo("参数 operationType 格式错误");
        assertThat(poolA().post("/api/v3/get-admin-audit-logs", Map.of("resourceType", "DATA")).statusCode())
                .isEqualTo(400);
        assertThat(poolA().post("/api/v3/get-admin-audit-logs", Map.of("pagination", Map.of("limit", 51)))
                .statusCode()).isEqualTo(400);
        assertThat(poolA().post("/api/v3/get-admin-audit-logs", Map.of("start", -1)).statusCode()).isEqualTo(400);
        assertThat(poolA().post("/api/v3/get-admin-audit-logs", Map.of("success", "yes")).statusCode()).isEqualTo(400);
        assertThat(poolA().post("/api/v3/get-admin-audit-logs", Map.of()).statusCode()).isEqualTo(200);
    }
}
