package dev.authz.command.eventfeed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.command.CommandSideTestBase;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.security.InternalTokenFilter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The internal event feed the read-model rebuild replays: every stored event, in order, as published. */
class EventFeedTest extends CommandSideTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Read(List<JsonNode> envelopes, String next, long head) {
    }

    private SignedClient internal() {
        return poolA.withHeader(InternalTokenFilter.HEADER, INTERNAL_TOKEN);
    }

    /** Pages from the cursor until a page comes back short, checking that positions only go up. */
    private Read readFrom(String after, int limit) {
        List<JsonNode> envelopes = new ArrayList<>();
        long lastPosition = -1;
        long head;
        while (true) {
            SignedClient.Response response = internal().get("/internal/v1/events", Map.of("after", after, "limit", limit));
            assertThat(response.status()).isEqualTo(200);
            JsonNode page = response.body();
            for (JsonNode event : page.path("events")) {
                assertThat(event.path("position").asLong()).isGreaterThan(lastPosition);
                lastPosition = event.path("position").asLong();
                envelopes.add(event.path("envelope"));
            }
            after = page.path("next").asText();
            head = page.path("head").asLong();
            if (page.path("events").size() < limit) {
                assertThat(head).isGreaterThanOrEqualTo(lastPosition);
                return new Read(envelopes, after, head);
            }
        }
    }

    private record Group(String id, String code) {
    }

    private Group createGroup() {
        String code = unique("feed");
        return new Group(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "Feed")).data()
                .get("id").asText(), code);
    }

    @Test
    void servesEveryStoredEventInOrderAsTheEnvelopeKafkaCarries() throws Exception {
        List<Group> groups = List.of(createGroup(), createGroup(), createGroup());
        poolA.post("/api/v3/update-group", Map.of("code", groups.get(0).code(), "name", "Renamed"));
        List<String> groupIds = groups.stream().map(Group::id).toList();

        Read all = readFrom("", 2);
        for (String groupId : groupIds) {
            List<JsonNode> ofGroup = all.envelopes().stream()
                    .filter(e -> groupId.equals(e.path("aggregateId").asText())).toList();
            assertThat(ofGroup).extracting(e -> e.path("sequence").asLong())
                    .containsExactlyElementsOf(ofGroup.size() == 2 ? List.of(0L, 1L) : List.of(0L));
            List<ConsumerRecord<String, String>> published = published(groupId);
            assertThat(published).hasSize(ofGroup.size());
            for (int i = 0; i < ofGroup.size(); i++) {
                assertThat(ofGroup.get(i)).isEqualTo(JSON.readTree(published.get(i).value()));
            }
        }
        assertThat(all.envelopes().stream().filter(e -> groupIds.get(0).equals(e.path("aggregateId").asText()))
                .map(e -> e.path("type").asText())).containsExactly("GroupCreated", "GroupUpdated");

        // The cursor of the last page continues with what was stored after it (the write's audit entry too), and
        // nothing before it.
        String later = createGroup().id();
        Read next = readFrom(all.next(), 5000);
        assertThat(next.envelopes()).extracting(e -> e.path("aggregateId").asText()).contains(later);
        assertThat(next.envelopes()).extracting(e -> e.path("eventId").asText())
                .doesNotContainAnyElementsOf(all.envelopes().stream().map(e -> e.path("eventId").asText()).toList());
        assertThat(next.head()).isGreaterThan(all.head());
    }

    @Test
    void refusesBadLimitsAndCursorsAndCallersWithoutTheToken() {
        assertThat(internal().get("/internal/v1/events", Map.of("limit", 5001)).statusCode()).isEqualTo(400);
        assertThat(internal().get("/internal/v1/events", Map.of("limit", 0)).statusCode()).isEqualTo(400);
        assertThat(internal().get("/internal/v1/events", Map.of("after", "twelve")).statusCode()).isEqualTo(400);
        assertThat(internal().get("/internal/v1/events", Map.of("after", "10:12")).statusCode()).isEqualTo(400);
        assertThat(poolA.get("/internal/v1/events", Map.of()).status()).isEqualTo(401);
        assertThat(poolA.withHeader(InternalTokenFilter.HEADER, "wrong").get("/internal/v1/events", Map.of())
                .status()).isEqualTo(401);
    }
}
