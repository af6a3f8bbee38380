package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.UserProfile;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.security.InternalTokenFilter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Spring context for every test class: the query side on a random port, a real Kafka broker (KRaft) and
 * {@link TestMongo} (a MongoDB wire server on a random port, or MongoDB 7 with -Preal-mongo). Events are produced as
 * the command side produces them.
 */
// Metrics export (Prometheus) is off in tests unless asked for; the suite checks the scrape endpoint.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "authz.user-pools=" + IntegrationTestBase.POOL_A + ":secret-a," + IntegrationTestBase.POOL_B + ":secret-b",
        "authz.internal-token=" + IntegrationTestBase.INTERNAL_TOKEN,
        "authz.mongodb.database=authz-test",
        "authz.metrics.consumer-lag-interval=200ms",
        // Small pages: a rebuild of the few thousand events of these tests still takes several round trips.
        "authz.rebuild.page-size=200",
        // MongoOutageTest takes MongoDB away: fail fast instead of waiting 10 s per operation.
        "authz.mongodb.server-selection-timeout=1s",
        // ScaledOutReadYourWritesTest: a newcomer must hear this instance by its answer, not by a periodic heartbeat.
        "authz.applied.heartbeat-interval=60s"})
@EmbeddedKafka(kraft = true, partitions = 2, topics = {EventStream.TOPIC, EventStream.TOPIC + ".DLT"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(SortedFinds.class)
abstract class IntegrationTestBase {
    static final String POOL_A = "pool-a";
    static final String POOL_B = "pool-b";
    static final String INTERNAL_TOKEN = "test-internal-token";
    static final ObjectMapper JSON = new ObjectMapper();

    static final FakeEventFeed EVENT_STORE = FakeEventFeed.start();
    private static EventStream events;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("authz.mongodb.uri", TestMongo::uri);
        registry.add("authz.command-side-url", EVENT_STORE::url);
    }

    /** Stops the MongoDB server and cuts every connection, as a crashed mongod would; the data stays. */
    static void stopMongo() {
        TestMongo.stop();
    }

    /** Serves the same data on the same port again. */
    static void startMongo() {
        TestMongo.restart();
    }


    EventStream events() {
        synchronized (IntegrationTestBase.class) {
            if (events == null) {
                events = new EventStream(broker.getBrokersAsString(), EVENT_STORE);
            }
            return events;
        }
    }

    // One client (one connection) per test instance: a client per request would open a connection each time.
    private SignedClient poolA;
    private SignedClient poolB;

    SignedClient poolA() {
        if (poolA == null) {
            poolA = new SignedClient(baseUrl(), POOL_A, "secret-a");
        }
        return poolA;
    }

    SignedClient poolB() {
        if (poolB == null) {
            poolB = new SignedClient(baseUrl(), POOL_B, "secret-b");
        }
        return poolB;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Publishes the events and waits until the read model has applied all of them. */
    void publishAndWait(DomainEvent... domainEvents) {
        awaitApplied(Stream.of(domainEvents).map(events()::publish).toList());
    }

    /**
     * Publishes the events all at once (events of different aggregates then meet on different partitions' consumers)
     * and waits until the read model has applied all of them.
     */
    void publishAtOnceAndWait(List<? extends DomainEvent> domainEvents) {
        awaitApplied(events().publishAll(domainEvents));
    }

    private void awaitApplied(List<String> positions) {
        assertThat(applied(String.join(",", positions), 10_000)).isTrue();
    }

    /** is-action-allowed for a user of pool A, in the namespace with this code. */
    boolean allowed(String namespaceCode, String userId, String action, String resource) {
        SignedClient.Response response = poolA().post("/api/v3/is-action-allowed",
                Map.of("userId", userId, "action", action, "resource", resource, "namespace", namespaceCode));
        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
        return response.data().path("allowed").asBoolean();
    }

    boolean applied(String positions, long timeoutMs) {
        HttpResponse<String> response = internalGet("/internal/v1/applied?positions=" + positions
                + "&timeoutMs=" + timeoutMs, INTERNAL_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response.body()).path("applied").asBoolean();
    }

    /** Waits until the rebuild with this id is no longer RUNNING (at most 3 minutes); returns its status. */
    JsonNode awaitRebuild(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode status = json(internalGet("/internal/v1/rebuild", INTERNAL_TOKEN).body());
            assertThat(status.path("id").asText()).isEqualTo(id);
            if (!"RUNNING".equals(status.path("state").asText())) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rebuild " + id + " did not finish in time");
    }

    HttpResponse<String> internalPost(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody())
                .header(InternalTokenFilter.HEADER, INTERNAL_TOKEN).build());
    }

    HttpResponse<String> internalGet(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).GET();
        if (token != null) {
            request.header(InternalTokenFilter.HEADER, token);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 24-hex id like the command side's. */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A namespace of pool A created for one test: its id (what events carry) and code (what requests name). */
    record TestNamespace(String id, String code) {
    }

    TestNamespace createNamespace(String name) {
        TestNamespace namespace = new TestNamespace(newId(), unique("ns"));
        publishAndWait(new dev.authz.api.event.NamespaceCreated(POOL_A, namespace.id(), namespace.code(), name, null));
        return namespace;
    }

    static UserProfile profile(Map<String, Object> fields) {
        return JSON.convertValue(new HashMap<>(fields), UserProfile.class);
    }
}
