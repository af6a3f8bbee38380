package dev.authz.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@AutoConfigureObservability // Boot tests switch metrics export off unless asked
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ApiProxyTest {

    private static final RecordingUpstream commandSide = new RecordingUpstream("command");
    private static final RecordingUpstream querySide = new RecordingUpstream("query");

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("authz.gateway.command-side-url", commandSide::url);
        registry.add("authz.gateway.query-side-url", querySide::url);
    }

    @AfterAll
    static void stopUpstreams() {
        commandSide.close();
        querySide.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void forgetEarlierRequests() {
        commandSide.forget();
        querySide.forget();
    }

    @Test
    void forwardsAWriteToTheCommandSideByteForByte() throws Exception {
        // Not valid UTF-8 on purpose: the proxy must not decode and re-encode anything.
        byte[] body = {'{', '"', 'x', '"', ':', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, '}'};
        String rawQuery = "a=%E4%B8%AD%20b&c=x+y&d=%2F%3D&e=&f=1&f=2&ids[]=x,y:z";
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(gateway("/api/v3/create-user?" + rawQuery))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("x-authing-userpool-id", "6512bd43d9caa6e02c990b0a")
                .header("x-authing-signature", "c2lnbmF0dXJl+/=")
                .header("X-Forwarded-For", "203.0.113.7")
                .header("Origin", "http://localhost:3000")
                .header("Date", "Mon, 23 Nov 2026 09:00:00 GMT")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("User-Agent", "axios/1.6.8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        RecordingUpstream.Received received = commandSide.last();
        assertThat(querySide.last()).isNull();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.rawPath()).isEqualTo("/api/v3/create-user");
        assertThat(received.rawQuery()).isEqualTo(rawQuery);
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.headers().getFirst("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(received.headers().getFirst("x-authing-userpool-id")).isEqualTo("6512bd43d9caa6e02c990b0a");
        assertThat(received.headers().getFirst("x-authing-signature")).isEqualTo("c2lnbmF0dXJl+/=");
        assertThat(received.headers().get("X-Multi")).containsExactly("one", "two");
        assertThat(received.headers().getFirst("Date")).isEqualTo("Mon, 23 Nov 2026 09:00:00 GMT"); // signed by the SDK
        assertThat(received.headers().getFirst("Origin")).isEqualTo("http://localhost:3000");
        assertThat(received.headers().getFirst("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(received.headers().getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.headers().getFirst("Host")).isEqualTo(URI.create(commandSide.url()).getAuthority());
        // Nothing of the proxy's own: no User-Agent, no compression negotiated on the client's behalf.
        assertThat(received.headers().get("User-Agent")).containsExactly("axios/1.6.8");
        assertThat(received.headers()).doesNotContainKey("Accept-Encoding");

        assertThat(response.statusCode()).isEqualTo(207);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(response.headers().firstValue("X-Upstream")).contains("command");
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void forwardsReadsToTheQuerySide() throws Exception {
        client.send(HttpRequest.newBuilder(gateway("/api/v3/get-user?userId=u1&userIdType=user_id")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(querySide.last().method()).isEqualTo("GET");
        assertThat(querySide.last().rawQuery()).isEqualTo("userId=u1&userIdType=user_id");
        assertThat(querySide.last().headers().getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");

        HttpResponse<String> post = client.send(HttpRequest.newBuilder(gateway("/api/v3/list-users"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"options\":{}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.headers().firstValue("X-Upstream")).contains("query");
        assertThat(querySide.last().body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"options\":{}}");
        assertThat(commandSide.last()).isNull();
    }

    @Test
    void refusesBodiesOverTwoMebibytes() throws Exception {
        HttpResponse<String> tooLarge = post("/api/v3/create-user", new byte[2 * 1024 * 1024 + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).startsWith("{\"statusCode\":413,\"message\":\"Request body too large\",\"apiCode\":41301,")
                .contains("\"requestId\":\"" + tooLarge.headers().firstValue("x-request-id").orElseThrow() + "\"");
        assertThat(commandSide.last()).isNull();

        assertThat(post("/api/v3/create-user", new byte[2 * 1024 * 1024]).statusCode()).isEqualTo(207);
    }

    @Test
    void neverForwardsInternalPaths() throws Exception {
        for (String path : new String[] {"/internal/replay", "/api/v3/%2e%2e/%2e%2e/internal/replay", "/api/v3/get-user;x=1"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isIn(400, 404);
        }
        assertThat(commandSide.last()).isNull();
        assertThat(querySide.last()).isNull();
    }

    @Test
    void givesEveryRequestARequestIdForwardsItAndLogsUnderIt(CapturedOutput output) throws Exception {
        HttpResponse<Void> read = client.send(HttpRequest.newBuilder(gateway("/api/v3/get-group?code=g1")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String assigned = querySide.last().headers().getFirst("x-request-id");
        assertThat(assigned).matches("[0-9a-f]{32}");
        assertThat(read.headers().firstValue("x-request-id")).contains(assigned);
        assertThat(output.getOut()).containsPattern("\\[" + assigned + "\\].*GET /api/v3/get-group -> query 207");

        // The caller's id is kept when it is a sane token, replaced when it could break a log line.
        client.send(HttpRequest.newBuilder(gateway("/api/v3/create-group")).header("x-request-id", "trace-42.a:b")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(commandSide.last().headers().get("x-request-id")).containsExactly("trace-42.a:b");
        client.send(HttpRequest.newBuilder(gateway("/api/v3/create-group")).header("x-request-id", "a b<script>")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(commandSide.last().headers().getFirst("x-request-id")).matches("[0-9a-f]{32}");

        // Errors the gateway answers itself carry the id too.
        HttpResponse<String> notFound = client.send(HttpRequest.newBuilder(gateway("/api/v3/a.b"))
                .header("x-request-id", "mine-1").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.headers().firstValue("x-request-id")).contains("mine-1");
        assertThat(notFound.body()).contains("\"requestId\":\"mine-1\"");
    }

    @Test
    void isHealthyWhenBothUpstreamsAre() throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(gateway("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"upstreams\":{\"status\":\"UP\"")
                .contains("\"commandSide\":\"UP\"").contains("\"querySide\":\"UP\"");
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        client.send(HttpRequest.newBuilder(gateway("/api/v3/get-user")).GET().build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(gateway("/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("authz_gateway_upstream_requests");
    }

    /** Per operation when a service answered it with success; never a label made of a caller's own path. */
    @Test
    void namesOperationsInHttpMetricsOnlyWhenAServiceAnsweredThem() throws Exception {
        client.send(HttpRequest.newBuilder(gateway("/api/v3/list-groups")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        querySide.answerWith(401); // e.g. an unsigned request to a path nobody serves
        client.send(HttpRequest.newBuilder(gateway("/api/v3/get-made-up-thing")).GET().build(),
                HttpResponse.BodyHandlers.discarding());

        String metrics = client.send(HttpRequest.newBuilder(gateway("/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        // (Requests in progress are counted under UNKNOWN: their uri is known only once answered, as with MVC.)
        List<String> uris = metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .map(line -> line.replaceAll(".*uri=\"([^\"]*)\".*", "$1")).toList();
        assertThat(uris).contains("/api/v3/list-groups", "/api/v3/**").doesNotContain("UNKNOWN");
        assertThat(metrics).doesNotContain("made-up");
    }

    private HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(gateway(path))
                .header("x-authing-lang", "en-US")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }
}
