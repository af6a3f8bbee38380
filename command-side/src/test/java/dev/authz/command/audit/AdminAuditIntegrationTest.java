package dev.authz.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.command.CommandSideTestBase;
import dev.authz.command.group.GroupCommands.UpdateGroup;
import dev.authz.kit.client.SignedClient;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin audit log on the write side: exactly one entry per signed write request, stored with the write's
 * own events when it is accepted, after the rollback with the reason when it is rejected.
 */
class AdminAuditIntegrationTest extends CommandSideTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRY_TYPE = "dev.authz.api.event.AdminActionRecorded";

    @Autowired
    CommandBus commandBus;
    @Autowired
    DataSource dataSource;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void anAcceptedWriteIsRecordedInTheTransactionOfItsEvents() throws Exception {
        String requestId = requestId();
        String code = unique("audited");
        SignedClient.Response created = poolA.withHeader("x-request-id", requestId)
                .post("/api/v3/create-group", Map.of("code", code, "name", "Audited"));
        assertThat(created.statusCode()).isEqualTo(200);
        String groupId = created.data().get("id").asText();

        JsonNode entry = onlyEntry(requestId);
        assertThat(entry.get("success").asBoolean()).isTrue();
        assertThat(entry.get("operation").asText()).isEqualTo("create-group");
        assertThat(entry.get("operationType").asText()).isEqualTo("create");
        assertThat(entry.get("resourceType").asText()).isEqualTo("userGroup");
        assertThat(entry.get("adminUserId").asText()).isEqualTo("pool-a");
        assertThat(entry.get("poolId").asText()).isEqualTo("pool-a");
        assertThat(entry.get("clientIp").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.get("userAgent").asText()).isNotBlank();
        assertThat(entry.has("before")).isFalse();
        assertThat(JSON.readTree(entry.get("after").asText()).get("code").asText()).isEqualTo(code);
        assertThat(JSON.readTree(entry.get("operationParam").asText()).get("name").asText()).isEqualTo("Audited");
        assertThat(entry.get("changes")).hasSize(1);
        assertThat(entry.get("changes").get(0).get("type").asText()).isEqualTo("GroupCreated");
        assertThat(entry.get("changes").get(0).get("aggregateId").asText()).isEqualTo(groupId);

        // PostgreSQL stamps every row with the transaction that wrote it
        String entryTransaction = jdbc.queryForObject("SELECT xmin::text FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", String.class, entry.get("entryId").asText());
        String groupTransaction = jdbc.queryForObject("SELECT xmin::text FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", String.class, groupId);
        assertThat(entryTransaction).isEqualTo(groupTransaction);
        // and the group's event links back to its audit entry
        String groupMetadata = jdbc.queryForObject("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", String.class, groupId);
        assertThat(JSON.readTree(groupMetadata).get("auditEntryId").asText()).isEqualTo(entry.get("entryId").asText());
    }

    @Test
    void anUpdateKeepsTheStateBeforeAndAfter() throws Exception {
        String code = unique("renamed");
        poolA.post("/api/v3/create-group", Map.of("code", code, "name", "Before", "description", "d"));
        String requestId = requestId();
        assertThat(poolA.withHeader("x-request-id", requestId)
                .post("/api/v3/update-group", Map.of("code", code, "name", "After")).statusCode()).isEqualTo(200);

        JsonNode entry = onlyEntry(requestId);
        assertThat(entry.get("operationType").asText()).isEqualTo("update");
        assertThat(JSON.readTree(entry.get("before").asText()).get("name").asText()).isEqualTo("Before");
        assertThat(JSON.readTree(entry.get("after").asText()).get("name").asText()).isEqualTo("After");
        assertThat(JSON.readTree(entry.get("after").asText()).get("description").asText()).isEqualTo("d");
        assertThat(types(entry)).containsExactly("GroupUpdated");
    }

    @Test
    void aBatchShowsTheEventsItAppended() throws Exception {
        String requestId = requestId();
        String first = unique("b1");
        String second = unique("b2");
        assertThat(poolA.withHeader("x-request-id", requestId).post("/api/v3/create-groups-batch", Map.of("list",
                List.of(Map.of("code", first, "name", "1"), Map.of("code", second, "name", "2")))).statusCode())
                .isEqualTo(200);

        JsonNode entry = onlyEntry(requestId);
        assertThat(entry.get("operationType").asText()).isEqualTo("create");
        assertThat(types(entry)).containsExactly("GroupCreated", "GroupCreated");
        JsonNode after = JSON.readTree(entry.get("after").asText());
        assertThat(after).hasSize(2);
        assertThat(after.get(1).get("type").asText()).isEqualTo("GroupCreated");
        assertThat(after.get(1).get("data").get("code").asText()).isEqualTo(second);
    }

    @Test
    void aRejectedWriteIsRecordedWithItsReasonAndNothingElse() {
        String code = unique("taken");
        poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        String requestId = requestId();
        SignedClient.Response taken = poolA.withHeader("x-request-id", requestId)
                .post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        assertThat(taken.statusCode()).isEqualTo(409);

        JsonNode entry = onlyEntry(requestId);
        assertThat(entry.get("success").asBoolean()).isFalse();
        assertThat(entry.get("apiCode").asInt()).isEqualTo(40901);
        assertThat(entry.get("reason").asText()).isEqualTo(taken.message());
        assertThat(entry.get("operationType").asText()).isEqualTo("create");
        assertThat(entry.get("changes")).isEmpty();
        assertThat(entry.has("before") || entry.has("after")).isFalse();
    }

    @Test
    void validationFailuresAreRejectedWritesButBadSignaturesAndUnknownPathsAreNoWrites() {
        String invalid = requestId();
        assertThat(poolA.withHeader("x-request-id", invalid)
                .post("/api/v3/create-group", Map.of("code", "x".repeat(65), "name", "n")).statusCode()).isEqualTo(400);
        JsonNode entry = onlyEntry(invalid);
        assertThat(entry.get("success").asBoolean()).isFalse();
        assertThat(entry.get("apiCode").asInt()).isEqualTo(40001);
        assertThat(entry.get("reason").asText()).startsWith("参数 code 格式错误");

        String malformed = requestId();
        assertThat(poolA.withHeader("x-request-id", malformed).postRaw("/api/v3/create-group",
                "{\"code\":".getBytes(StandardCharsets.UTF_8), "/api/v3/create-group").status()).isEqualTo(400);
        assertThat(onlyEntry(malformed).get("operationParam").asText()).isEqualTo("{\"code\":");

        String forged = requestId();
        new SignedClient("http://127.0.0.1:" + port, "pool-a", "wrong").withHeader("x-request-id", forged)
                .post("/api/v3/create-group", Map.of("code", unique("f"), "name", "n"));
        String unknownPath = requestId();
        assertThat(poolA.withHeader("x-request-id", unknownPath).post("/api/v3/frobnicate-group", Map.of())
                .statusCode()).isEqualTo(404);
        assertThat(entries(forged)).isEmpty();
        assertThat(entries(unknownPath)).isEmpty();
    }

    @Test
    void aWriteThatFailsAfterAppendingLeavesOnlyItsRejection() {
        String taken = unique("taken");
        String fresh = unique("fresh");
        poolA.post("/api/v3/create-group", Map.of("code", taken, "name", "n"));
        String requestId = requestId();
        assertThat(poolA.withHeader("x-request-id", requestId).post("/api/v3/create-groups-batch", Map.of("list",
                List.of(Map.of("code", fresh, "name", "n"), Map.of("code", taken, "name", "n")))).statusCode())
                .isEqualTo(409);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                + "'%GroupCreated' AND convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%\"" + fresh + "\"%"))
                .isZero();
        assertThat(onlyEntry(requestId).get("success").asBoolean()).isFalse();
    }

    @Test
    void aWriteThatChangesNothingIsStillOneAcceptedWrite() throws Exception {
        String code = unique("same");
        poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        String userId = poolA.post("/api/v3/create-user", Map.of("username", unique("u"))).data()
                .get("userId").asText();
        String first = requestId();
        poolA.withHeader("x-request-id", first)
                .post("/api/v3/add-group-members", Map.of("code", code, "userIds", List.of(userId)));
        // members are not part of the group's state: the events say who was added
        JsonNode added = JSON.readTree(onlyEntry(first).get("after").asText());
        assertThat(added.get(0).get("type").asText()).isEqualTo("GroupMembersAdded");
        assertThat(added.get(0).get("data").get("userIds").get(0).asText()).isEqualTo(userId);

        String again = requestId();
        assertThat(poolA.withHeader("x-request-id", again)
                .post("/api/v3/add-group-members", Map.of("code", code, "userIds", List.of(userId))).statusCode())
                .isEqualTo(200);
        JsonNode readded = onlyEntry(again);
        assertThat(readded.get("success").asBoolean()).isTrue();
        assertThat(readded.get("operationType").asText()).isEqualTo("add");
        assertThat(readded.get("changes")).isEmpty();
        assertThat(JSON.readTree(readded.get("after").asText())).isEqualTo(JSON.readTree(readded.get("before").asText()));

        String nothingToDelete = requestId();
        assertThat(poolA.withHeader("x-request-id", nothingToDelete)
                .post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(unique("absent")))).statusCode())
                .isEqualTo(200);
        JsonNode noCommand = onlyEntry(nothingToDelete);
        assertThat(noCommand.get("success").asBoolean()).isTrue();
        assertThat(noCommand.get("operationType").asText()).isEqualTo("delete");
        assertThat(noCommand.get("changes")).isEmpty();
    }

    @Test
    void aWriteRetriedAfterAConcurrencyConflictIsOneEntry() throws Exception {
        String code = unique("contended");
        String groupId = poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n")).data()
                .get("id").asText();
        poolA.post("/api/v3/update-group", Map.of("code", code, "name", "first"));
        AtomicInteger attempts = new AtomicInteger();
        // Another instance appends to the group between this command's load and its commit, once.
        Registration conflict = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof UpdateGroup update && update.groupId().equals(groupId)
                    && attempts.incrementAndGet() == 1) {
                unitOfWork.onPrepareCommit(u -> appendElsewhere(groupId));
            }
            return chain.proceed();
        });
        String requestId = requestId();
        try {
            assertThat(poolA.withHeader("x-request-id", requestId)
                    .post("/api/v3/update-group", Map.of("code", code, "name", "second")).statusCode()).isEqualTo(200);
        } finally {
            conflict.cancel();
        }

        assertThat(attempts).hasValue(2);
        JsonNode entry = onlyEntry(requestId);
        assertThat(entry.get("success").asBoolean()).isTrue();
        assertThat(JSON.readTree(entry.get("after").asText()).get("name").asText()).isEqualTo("second");
    }

    @Test
    void theClientIpIsTheAddressTheTrustedHopSaw() {
        String requestId = requestId();
        // The test talks over loopback, a trusted proxy: the last hop it reports is believed, the forged one not.
        poolA.withHeader("x-request-id", requestId).withHeader("X-Forwarded-For", "203.0.113.1, 198.51.100.7")
                .post("/api/v3/create-group", Map.of("code", unique("ip"), "name", "n"));
        assertThat(onlyEntry(requestId).get("clientIp").asText()).isEqualTo("198.51.100.7");
    }

    @Test
    void everyWriteEndpointHasAnAuditOperation() {
        Set<String> endpoints = mappings.getHandlerMethods().keySet().stream()
                .filter(info -> info.getMethodsCondition().getMethods().contains(RequestMethod.POST))
                .flatMap(info -> info.getPatternValues().stream())
                .filter(pattern -> pattern.startsWith("/api/v3/"))
                .map(pattern -> pattern.substring("/api/v3/".length()))
                .collect(Collectors.toSet());
        assertThat(endpoints).hasSizeGreaterThan(30);
        assertThat(AuditedOperations.names()).containsExactlyInAnyOrderElementsOf(endpoints);
    }

    /** Commits a copy of the group's latest event at the next position, as a second instance would. */
    private void appendElsewhere(String groupId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry "
                     + "(aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, "
                     + "payload_revision, payload_type, time_stamp) SELECT aggregate_identifier, sequence_number + 1, "
                     + "type, ?, meta_data, payload, payload_revision, payload_type, time_stamp FROM domain_event_entry "
                     + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1")) {
            connection.setAutoCommit(true);
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, groupId);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String requestId() {
        return "audit-" + UUID.randomUUID();
    }

    private List<JsonNode> entries(String requestId) {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE payload_type = ? "
                        + "AND convert_from(payload, 'UTF8')::jsonb ->> 'requestId' = ?", String.class, ENTRY_TYPE,
                requestId).stream().map(AdminAuditIntegrationTest::json).toList();
    }

    private JsonNode onlyEntry(String requestId) {
        List<JsonNode> entries = entries(requestId);
        assertThat(entries).as("audit entries of request " + requestId).hasSize(1);
        return entries.get(0);
    }

    private static List<String> types(JsonNode entry) {
        return entry.get("changes").findValuesAsText("type");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
