package dev.authz.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.PolicyIds;
import dev.authz.command.authorization.PolicyCommands.RevokeResources;
import dev.authz.kit.client.SignedClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event store written by an older release: a policy whose stream holds a version 1
 * ResourceAuthorizationsRevoked ("every grant" as {@code resourceCodes: null}). The aggregate loads it through the
 * upcaster and decides on the right state, and the publisher sends it as version 2; the stored row stays as it was.
 */
class StoredEventUpcastingIntegrationTest extends CommandSideTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CommandGateway commands;

    @Test
    void aVersion1RevokeInTheStoreLoadsAndIsPublishedAsVersion2() throws Exception {
        String namespaceId = jdbc.queryForObject("SELECT entity_id FROM code_registry WHERE pool_id = 'pool-a' "
                + "AND kind = 'NAMESPACE' AND code = 'default'", String.class);
        String userId = poolA.post("/api/v3/create-user", Map.of("username", unique("legacy"))).data()
                .path("userId").asText();
        String policyId = PolicyIds.of("pool-a", namespaceId, "USER", userId);
        String identity = "\"poolId\":\"pool-a\",\"policyId\":\"" + policyId + "\",\"namespaceId\":\"" + namespaceId
                + "\",\"targetType\":\"USER\",\"targetId\":\"" + userId + "\"";
        storeAsAnOlderRelease(policyId, 0, "ResourcesAuthorized", "{" + identity + ",\"grants\":[{\"resourceCode\":"
                + "\"books\",\"resourceType\":\"DATA\",\"actions\":[\"read\"],\"effect\":\"ALLOW\"}]}");
        storeAsAnOlderRelease(policyId, 1, "ResourceAuthorizationsRevoked",
                "{" + identity + ",\"resourceCodes\":null,\"reason\":\"REQUESTED\"}");

        SignedClient.Response grant = poolA.post("/api/v3/authorize-resources", Map.of("list", List.of(Map.of(
                "targetType", "USER", "targetIdentifiers", List.of(userId),
                "resources", List.of(Map.of("code", "films", "actions", List.of("watch")))))));
        assertThat(grant.statusCode()).as("the aggregate loads from the old stream: %s", grant.body()).isEqualTo(200);
        assertThat(storedEvents(policyId)).isEqualTo(3);
        assertThat(jdbc.queryForMap("SELECT type, payload_revision FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = 2", policyId))
                .as("the rows we wrote look like the ones this release writes")
                .isEqualTo(Map.of("type", "PolicyAggregate", "payload_revision", "1"));

        commands.sendAndWait(new RevokeResources(policyId, "pool-a", List.of("books")));
        assertThat(storedEvents(policyId)).as("books was revoked by the v1 event: nothing left to revoke").isEqualTo(3);
        commands.sendAndWait(new RevokeResources(policyId, "pool-a", List.of("films")));
        assertThat(storedEvents(policyId)).isEqualTo(4);

        List<ConsumerRecord<String, String>> records = published(policyId);
        assertThat(records).extracting(r -> header(r, "ce_type")).containsExactly(
                "dev.authz.ResourcesAuthorized.v1", "dev.authz.ResourceAuthorizationsRevoked.v2",
                "dev.authz.ResourcesAuthorized.v1", "dev.authz.ResourceAuthorizationsRevoked.v2");
        ConsumerRecord<String, String> upcast = records.get(1);
        JsonNode envelope = JSON.readTree(upcast.value());
        assertThat(envelope.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(header(upcast, "ce_dataschemaversion")).isEqualTo("2");
        assertThat(envelope.path("data").path("allResources").asBoolean()).isTrue();
        assertThat(envelope.path("data").path("resourceCodes").isArray()).isTrue();
        assertThat(envelope.path("data").path("resourceCodes")).isEmpty();
        assertThat(envelope.path("metadata").path("requestId").asText()).isEqualTo("older-release-1");
        JsonNode revokedFilms = JSON.readTree(records.get(3).value()).path("data");
        assertThat(revokedFilms.path("allResources").asBoolean()).isFalse();
        assertThat(revokedFilms.path("resourceCodes").get(0).asText()).isEqualTo("films");

        assertThat(jdbc.queryForObject("SELECT payload_revision FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = 1", String.class, policyId)).as("the store is not rewritten").isEqualTo("1");
    }

    /** A row as an older release appended it: JSON payload and metadata, payload_revision = that release's version. */
    private void storeAsAnOlderRelease(String policyId, long sequence, String eventName, String payload) {
        String metadata = "{\"poolId\":\"pool-a\",\"requestId\":\"older-release-" + sequence
                + "\",\"operation\":\"GrantResources\"}";
        jdbc.update("INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                        + "meta_data, payload, payload_revision, payload_type, time_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                policyId, sequence, "PolicyAggregate", UUID.randomUUID().toString(),
                metadata.getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8), "1",
                "dev.authz.api.event." + eventName, "2025-06-01T08:00:0" + sequence + ".000Z");
    }

    private int storedEvents(String aggregateId) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, aggregateId);
    }
}
