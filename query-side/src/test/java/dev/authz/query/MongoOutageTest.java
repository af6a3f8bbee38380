package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.UserCreated;
import dev.authz.kit.client.SignedClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB away for a few seconds while events arrive: the consumer waits it out and applies every event once it
 * is back (nothing dead-lettered), and reads meanwhile get a 503 envelope, never a 500.
 */
class MongoOutageTest extends IntegrationTestBase {
    @Autowired
    MeterRegistry meters;

    @Test
    void eventsArrivingWhileMongoIsDownAreAppliedOnceItIsBackAndReadsMeanwhileAre503() throws Exception {
        // With -Preal-mongo the database is a container this test cannot take away.
        Assumptions.assumeTrue(TestMongo.inProcess(), "needs the in-process MongoDB");
        GroupCreated group = new GroupCreated(POOL_A, newId(), unique("outage"), "Outage", "", "static", null);
        UserCreated first = new UserCreated(POOL_A, newId(), profile(Map.of("username", unique("o"))));
        UserCreated second = new UserCreated(POOL_A, newId(), profile(Map.of("username", unique("o"))));
        publishAndWait(group, first, second);
        double deadLetteredBefore = deadLettered();

        List<String> positions;
        stopMongo();
        try {
            // Several records, so that the consumer fails both inside a record and on the batch's sequence guard.
            positions = List.of(
                    events().publish(new GroupMembersAdded(POOL_A, group.groupId(), List.of(first.userId()))),
                    events().publish(new GroupMembersAdded(POOL_A, group.groupId(), List.of(second.userId()))),
                    events().publish(new GroupCreated(POOL_A, newId(), unique("during"), "During", "", "static", null)));

            SignedClient.Response read = poolA().get("/api/v3/get-group", Map.of("code", group.code()));
            assertUnavailable(read.status(), read.body());
            HttpResponse<String> applied = internalGet("/internal/v1/applied?positions=" + positions.get(0)
                    + "&timeoutMs=0", INTERNAL_TOKEN);
            assertUnavailable(applied.statusCode(), json(applied.body()));
            Thread.sleep(4_000); // several failed attempts of the consumer, more than its bad-data retry allows
        } finally {
            startMongo();
        }

        assertThat(applied(String.join(",", positions), 30_000)).isTrue();
        JsonNode members = poolA().get("/api/v3/list-group-members", Map.of("code", group.code(), "limit", 50)).data();
        assertThat(members.path("totalCount").asInt()).isEqualTo(2);
        assertThat(MembershipTest.ids(members)).containsExactlyInAnyOrder(first.userId(), second.userId());
        assertThat(deadLettered()).as("records dead-lettered during the outage").isEqualTo(deadLetteredBefore);
    }

    private static void assertUnavailable(int httpStatus, JsonNode envelope) {
        assertThat(httpStatus).as(String.valueOf(envelope)).isEqualTo(503);
        assertThat(envelope.path("statusCode").asInt()).isEqualTo(503);
        assertThat(envelope.path("apiCode").asInt()).isEqualTo(50301);
        assertThat(envelope.path("message").asText()).isNotBlank();
    }

    private double deadLettered() {
        return meters.get("authz.projection.dlt").counter().count();
    }
}
