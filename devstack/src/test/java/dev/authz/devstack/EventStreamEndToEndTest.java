package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.devstack.infra.FreePorts;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example downstream consumer ({@code examples/user-access-cache}, run from its jar as its README says) on the
 * real system's event stream: it sees real writes, and after a kill -9 and the changes made while it was down it
 * catches up to the right answer.
 */
class EventStreamEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theExampleConsumerFollowsRealWritesAndSurvivesKill9() throws Exception {
        LocalSystem system = SystemUnderTest.get();
        SignedClient client = new SignedClient(system.gatewayUrl(), system.poolId(), system.poolSecret());
        String userId = client.post("/api/v3/create-user", Map.of("username", unique("stream"))).data()
                .path("userId").asText();
        String group = unique("readers");
        String role = unique("auditor");
        List<Map<String, String>> target = List.of(Map.of("targetType", "USER", "targetIdentifier", userId));
        ok(client.post("/api/v3/create-group", Map.of("code", group, "name", "Readers", "description", "")));
        ok(client.post("/api/v3/add-group-members", Map.of("code", group, "userIds", List.of(userId))));
        ok(client.post("/api/v3/create-role", Map.of("code", role)));
        ok(client.post("/api/v3/assign-role", Map.of("code", role, "targets", target)));

        Path jar = ServiceJars.locate().repoRoot().resolve("examples/user-access-cache/target/user-access-cache.jar");
        assertThat(jar).as("build it first: mvn -B -DskipTests package").exists();
        Path dir = Files.createTempDirectory("user-access-cache");
        int port = FreePorts.next();
        String access = "/access?pool=" + system.poolId() + "&user=" + userId;

        Process cache = start(jar, system, dir, port);
        try {
            awaitAnswer(port, access, body -> body.path("groups").findValuesAsText("code").equals(List.of(group))
                    && body.path("roles").findValuesAsText("code").equals(List.of(role)));
        } finally {
            cache.destroyForcibly().waitFor(); // SIGKILL
        }

        String renamed = unique("renamed");
        ok(client.post("/api/v3/update-group", Map.of("code", group, "newCode", renamed, "description", "")));
        ok(client.post("/api/v3/revoke-role", Map.of("code", role, "targets", target)));

        Process restarted = start(jar, system, dir, port);
        try {
            JsonNode answer = awaitAnswer(port, access, body ->
                    body.path("groups").findValuesAsText("code").equals(List.of(renamed))
                            && body.path("roles").isEmpty());
            assertThat(answer.path("username").asText()).startsWith("stream");
            assertThat(awaitAnswer(port, "/status", body -> true).path("following").asBoolean()).isTrue();
        } finally {
            restarted.destroy();
            restarted.waitFor();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Process start(Path jar, LocalSystem system, Path dir, int port) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", jar.toString(), "--bootstrap-servers", system.kafka().bootstrapServers(),
                "--topic", system.eventsTopic(), "--state-file", dir.resolve("state.json").toString(),
                "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cache.log").toFile()))
                .start();
    }

    /** Asks until the answer satisfies the check (the cache is starting or catching up meanwhile). */
    private static JsonNode awaitAnswer(int port, String pathAndQuery, Predicate<JsonNode> check) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String last = "no answer";
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && check.test(JSON.readTree(response.body()))) {
                    return JSON.readTree(response.body());
                }
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no satisfying answer to " + pathAndQuery + "; last: " + last);
    }

    private static void ok(SignedClient.Response response) {
        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
