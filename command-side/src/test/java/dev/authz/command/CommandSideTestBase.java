package dev.authz.command;

import dev.authz.kit.client.SignedClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The command side over sockets: a real PostgreSQL 17 (zonky) and a real Kafka broker (KRaft), signed HTTP in.
 * One application context (and database, and broker) serves every subclass: same configuration, Spring's
 * test context cache. A subclass with properties of its own gets a second context on the same database, whose Kafka
 * publisher would share the publishing token: it closes its context after the class (see SnapshotDeadlockTest).
 * No query side runs here, so writes answer with {@code x-authz-consistency: pending};
 * the whole chain is tested in the devstack module.
 */
// Metrics export (Prometheus) is off in tests unless asked for; OperationalMetricsTest scrapes it.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "authz.user-pools=pool-a:secret-a,pool-b:secret-b",
        "authz.query-side-url=http://127.0.0.1:9",
        "authz.internal-token=" + CommandSideTestBase.INTERNAL_TOKEN,
        "authz.read-your-writes.timeout=100ms",
        "authz.events-partitions=2"})
@EmbeddedKafka(kraft = true, partitions = 2, topics = "authz.events",
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class CommandSideTestBase {
    protected static final String INTERNAL_TOKEN = "test-internal-token";
    private static final EmbeddedPostgres POSTGRES = startPostgres();

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected EmbeddedKafkaBroker broker;

    protected SignedClient poolA;
    protected SignedClient poolB;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    }

    @BeforeEach
    void clients() {
        poolA = new SignedClient("http://127.0.0.1:" + port, "pool-a", "secret-a");
        poolB = new SignedClient("http://127.0.0.1:" + port, "pool-b", "secret-b");
    }

    /** Domain events in the store, not counting admin audit entries (a rejected write is one of those). */
    protected long domainEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry "
                + "WHERE payload_type <> 'dev.authz.api.event.AdminActionRecorded'", Long.class);
    }

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Every record of the aggregate on the topic, read from the beginning with a fresh consumer group. */
    protected List<ConsumerRecord<String, String>> published(String aggregateId) {
        Map<String, Object> props = new HashMap<>(KafkaTestUtils.consumerProps(unique("reader"), "false", broker));
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("authz.events"));
            long deadline = System.currentTimeMillis() + 15_000;
            int quietPolls = 0;
            while (System.currentTimeMillis() < deadline && (found.isEmpty() || quietPolls < 3)) {
                int before = found.size();
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (aggregateId.equals(r.key())) {
                        found.add(r);
                    }
                });
                quietPolls = found.size() == before ? quietPolls + 1 : 0;
            }
        }
        return found;
    }

    protected static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Lives as long as the test JVM: the cached context outlives any one test class. */
    private static EmbeddedPostgres startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            return postgres;
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }
}
