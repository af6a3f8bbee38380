package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.client.SignedClient.Prepared;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static dev.authz.devstack.ManagementCalls.ok;
import static dev.authz.devstack.ManagementCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged, tampered, replayed, stale and cross-pool signatures, through the gateway: each is refused with 401 and
 * writes nothing; a validly signed request of another pool sees and changes nothing of this one.
 */
class SignatureAttacksEndToEndTest {
    private static LocalSystem system;
    private static SignedClient poolA;
    private static SignedClient poolB;
    private static EventFeedReader feed;
    private static String groupOfA;
    private static String userOfA;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.get();
        poolA = SystemUnderTest.client();
        poolB = new SignedClient(system.gatewayUrl(), SystemUnderTest.POOL_B_ID, SystemUnderTest.POOL_B_SECRET);
        feed = new EventFeedReader(system);
        userOfA = new ManagementCalls(poolA).createUsers("sig", 1).get(0);
        groupOfA = unique("sig-group");
        ok(poolA.post("/api/v3/create-group", Map.of("code", groupOfA, "name", "A's group")));
        ok(poolA.post("/api/v3/add-group-members", Map.of("code", groupOfA, "userIds", List.of(userOfA))));
    }

    /** A write that would rename A's group: every attack below tries to get it through. */
    private static Prepared rename(SignedClient signer) {
        return signer.preparePost("/api/v3/update-group", Map.of("code", groupOfA, "name", "renamed by an attacker"));
    }

    @Test
    void forgedSignaturesAreRefused() {
        assertRefusedAndNothingWritten(List.of(
                rename(new SignedClient(system.gatewayUrl(), system.poolId(), "not-the-secret")),
                rename(new SignedClient(system.gatewayUrl(), "no-such-pool", system.poolSecret())),
                // Pool A's accessKeyId with pool B's secret.
                rename(new SignedClient(system.gatewayUrl(), system.poolId(), SystemUnderTest.POOL_B_SECRET)),
                rename(poolA).withHeader("authorization", "authing " + system.poolId() + ":AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                rename(poolA).withHeader("authorization", "authing " + system.poolId() + ":not base64!"),
                rename(poolA).withHeader("authorization", "Bearer " + system.poolSecret()),
                rename(poolA).withHeader("authorization", "authing " + system.poolId())));
    }

    @Test
    void requestsTamperedWithAfterSigningAreRefused() {
        Prepared signed = rename(poolA);
        assertRefusedAndNothingWritten(List.of(
                signed.withBody("{\"code\":\"%s\",\"name\":\"other name\"}".formatted(groupOfA).getBytes(StandardCharsets.UTF_8)),
                signed.withBody("{\"code\":\"%s\",\"name\":\"renamed by an attacker\",\"description\":\"x\"}"
                        .formatted(groupOfA).getBytes(StandardCharsets.UTF_8)),
                signed.withTarget("/api/v3/delete-groups-batch"),
                signed.withHeader("x-authing-lang", "en-US"),
                signed.withHeader("x-authing-app-id", "smuggled"),
                signed.withHeader("x-authing-signature-nonce", "another-nonce"),
                signed.withHeader("date", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(30)))));
        // A read whose query is changed after signing.
        Prepared read = poolA.prepareGetRaw("/api/v3/get-group", "code=" + groupOfA);
        assertThat(poolA.send(read.withTarget("/api/v3/get-group?code=" + groupOfA + "&withCustomData=true")).status())
                .isEqualTo(401);
        assertThat(poolA.send(read.withTarget("/api/v3/list-group-members?code=" + groupOfA)).status()).isEqualTo(401);
    }

    @Test
    void aReplayedRequestIsRefusedAndChangesNothingTwice() {
        String cursor = feed.head();
        Prepared addMember = poolA.preparePost("/api/v3/create-group", Map.of("code", unique("sig-replay"), "name", "r"));
        assertThat(poolA.send(addMember).statusCode()).isEqualTo(200);
        SignedClient.Response replayed = poolA.send(addMember);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body().path("message").asText()).contains("nonce");
        assertThat(feed.after(cursor).stream().filter(EventFeedReader::isDomainChange)
                .map(e -> e.path("type").asText()).filter(type -> !type.equals("AdminActionRecorded")).toList())
                .containsExactly("GroupCreated");
        Prepared read = poolA.prepareGetRaw("/api/v3/get-group", "code=" + groupOfA);
        assertThat(poolA.send(read).statusCode()).isEqualTo(200);
        assertThat(poolA.send(read).status()).isEqualTo(401);
    }

    @Test
    void staleAndFutureDatesAreRefusedWhileSlightSkewIsNot() {
        assertRefusedAndNothingWritten(List.of(
                rename(poolA.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16)))),
                rename(poolA.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)))),
                rename(poolA.withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-365)))),
                rename(poolA).withHeader("date", "yesterday"),
                rename(poolA).withHeader("date", "Thu, 01 Jan 1970 00:00:00 GMT")));
        // The boundary is real: a clock a few minutes off still works (a read, so nothing is changed).
        assertThat(poolA.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)))
                .get("/api/v3/get-group", Map.of("code", groupOfA)).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsMissingSignatureHeadersAreRefused() {
        Prepared signed = rename(poolA);
        assertRefusedAndNothingWritten(List.of(
                signed.withoutHeader("authorization"),
                signed.withoutHeader("date"),
                signed.withoutHeader("x-authing-signature-nonce"),
                signed.withHeader("x-authing-signature-nonce", ""),
                signed.withHeader("x-authing-signature-nonce", "n".repeat(200))));
    }

    @Test
    void anotherPoolSeesAndChangesNothingOfThisOne() {
        JsonNode groupBefore = ok(poolA.get("/api/v3/get-group", Map.of("code", groupOfA)));
        JsonNode membersBefore = ok(poolA.get("/api/v3/list-group-members", Map.of("code", groupOfA)));
        String cursor = feed.head();

        assertThat(poolB.get("/api/v3/get-group", Map.of("code", groupOfA)).statusCode()).isEqualTo(404);
        assertThat(isEmptyOrRefused(poolB.get("/api/v3/list-group-members", Map.of("code", groupOfA)))).isTrue();
        assertThat(poolB.get("/api/v3/get-user", Map.of("userId", userOfA)).statusCode()).isEqualTo(404);
        assertThat(isEmptyOrRefused(poolB.get("/api/v3/get-user-groups", Map.of("userId", userOfA)))).isTrue();
        assertThat(isEmptyOrRefused(poolB.get("/api/v3/get-group-history", Map.of("code", groupOfA)))).isTrue();
        assertThat(poolB.get("/api/v3/list-groups", Map.of("keywords", groupOfA)).data().path("totalCount").asInt())
                .isZero();
        assertThat(poolB.post("/api/v3/update-group", Map.of("code", groupOfA, "name", "B was here")).statusCode())
                .isEqualTo(404);
        assertThat(poolB.post("/api/v3/add-group-members", Map.of("code", groupOfA, "userIds", List.of(userOfA)))
                .statusCode()).isEqualTo(404);
        assertThat(poolB.post("/api/v3/remove-group-members", Map.of("code", groupOfA, "userIds", List.of(userOfA)))
                .statusCode()).isEqualTo(404);
        poolB.post("/api/v3/delete-groups-batch", Map.of("codeList", List.of(groupOfA)));
        poolB.post("/api/v3/delete-users-batch", Map.of("userIds", List.of(userOfA)));
        // B's own group with A's user: the user is not B's, so nobody is added.
        String groupOfB = unique("sig-b");
        ok(poolB.post("/api/v3/create-group", Map.of("code", groupOfB, "name", "B")));
        poolB.post("/api/v3/add-group-members", Map.of("code", groupOfB, "userIds", List.of(userOfA)));
        assertThat(ok(poolB.get("/api/v3/list-group-members", Map.of("code", groupOfB))).path("totalCount").asInt())
                .isZero();

        assertThat(ok(poolA.get("/api/v3/get-group", Map.of("code", groupOfA)))).isEqualTo(groupBefore);
        assertThat(ok(poolA.get("/api/v3/list-group-members", Map.of("code", groupOfA)))).isEqualTo(membersBefore);
        assertThat(ok(poolA.get("/api/v3/get-user", Map.of("userId", userOfA))).path("userId").asText())
                .isEqualTo(userOfA);
        assertThat(feed.after(cursor)).as("events of pool A written by pool B's requests")
                .noneMatch(event -> event.path("poolId").asText().equals(system.poolId()));
    }

    private static boolean isEmptyOrRefused(SignedClient.Response response) {
        if (response.statusCode() != 200) {
            return response.statusCode() >= 400 && response.statusCode() < 500;
        }
        JsonNode data = response.data();
        return data.path("totalCount").asInt(0) == 0 && data.path("list").isEmpty();
    }

    /** Each is answered 401 through the gateway, and no event at all is stored (refused before any audit). */
    private static void assertRefusedAndNothingWritten(List<Prepared> attacks) {
        JsonNode before = ok(poolA.get("/api/v3/get-group", Map.of("code", groupOfA)));
        String cursor = feed.head();
        for (Prepared attack : attacks) {
            SignedClient.Response response = poolA.send(attack);
            assertThat(response.status()).as(attack.headers() + " -> " + response.body()).isEqualTo(401);
            assertThat(response.body().path("statusCode").asInt()).isEqualTo(401);
        }
        assertThat(feed.after(cursor)).as("events stored for refused signatures").isEmpty();
        assertThat(ok(poolA.get("/api/v3/get-group", Map.of("code", groupOfA)))).isEqualTo(before);
    }
}
