package dev.authz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.authz.devstack.infra.EmbeddedKafkaBroker;
import dev.authz.devstack.infra.EmbeddedMongoServer;
import dev.authz.devstack.infra.EmbeddedPostgresServer;
import dev.authz.devstack.infra.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three embedded infrastructure pieces work over real sockets and survive a restart on the same data. */
class DevStackInfraTest {

    @TempDir
    Path dataDir;

    @Test
    void postgresAnswersAndKeepsItsDataAcrossARestart() throws SQLException {
        try (EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(dataDir.resolve("postgres"), FreePorts.next())) {
            postgres.start();
            assertThat(querySingleInt(postgres, "select 1")).isEqualTo(1);
            execute(postgres, "create table survivor (id int primary key); insert into survivor values (42)");

            postgres.stop();
            postgres.start();

            assertThat(querySingleInt(postgres, "select id from survivor")).isEqualTo(42);
        }
    }

    @Test
    void kafkaDeliversARecordAndStillHasItAfterARestart() {
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), FreePorts.next(), FreePorts.next())) {
            kafka.start();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>("smoke", "key", "hello")).get();
            } catch (Exception e) {
                throw new AssertionError("could not produce", e);
            }
            assertThat(consumeAll(kafka, "smoke", "first")).containsExactly("hello");

            kafka.stop();
            kafka.start();

            assertThat(consumeAll(kafka, "smoke", "after-restart")).containsExactly("hello");
        }
    }

    @Test
    void mongoStoresAndFindsADocumentAndKeepsItAcrossARestart() {
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.inMemory(FreePorts.next())) {
            mongo.start();
            try (MongoClient client = MongoClients.create(mongo.uri())) {
                client.getDatabase("authz").getCollection("smoke").insertOne(new Document("_id", "g1").append("name", "group one"));
                assertThat(client.getDatabase("authz").getCollection("smoke").find(new Document("_id", "g1")).first())
                        .containsEntry("name", "group one");
            }

            mongo.stop();
            mongo.start();

            try (MongoClient client = MongoClients.create(mongo.uri())) {
                MongoCollection<Document> smoke = client.getDatabase("authz").getCollection("smoke");
                assertThat(smoke.countDocuments()).isEqualTo(1);
            }
        }
    }

    @Test
    void persistentMongoKeepsItsDataInAFile() {
        int port = FreePorts.next();
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.persistent(dataDir.resolve("mongo"), port)) {
            mongo.start();
            try (MongoClient client = MongoClients.create(mongo.uri())) {
                client.getDatabase("authz").getCollection("smoke").insertOne(new Document("_id", "u1"));
            }
        }
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.persistent(dataDir.resolve("mongo"), port);
             MongoClient client = MongoClients.create(startAndGetUri(mongo))) {
            assertThat(client.getDatabase("authz").getCollection("smoke").countDocuments()).isEqualTo(1);
        }
    }

    private static String startAndGetUri(EmbeddedMongoServer mongo) {
        mongo.start();
        return mongo.uri();
    }

    private static List<String> consumeAll(EmbeddedKafkaBroker kafka, String topic, String groupId) {
        Properties config = new Properties();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("group.id", groupId);
        config.put("auto.offset.reset", "earliest");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static int querySingleInt(EmbeddedPostgresServer postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getInt(1);
        }
    }

    @Test
    void infrastructureOnlyStartsNoServiceAndTellsEachServiceHowToJoin() throws Exception {
        Path envFile;
        try (LocalSystem system = LocalSystem.builder().dataDir(dataDir).ephemeral().infrastructureOnly(true)
                .build().start()) {
            assertThat(system.services()).hasSize(3).noneMatch(ServiceProcess::isAlive);
            Map<String, String> command = readEnv(dataDir.resolve("command-side.env"));
            Map<String, String> query = readEnv(dataDir.resolve("query-side.env"));
            Map<String, String> gateway = readEnv(dataDir.resolve("gateway.env"));

            assertThat(command).containsEntry("DATABASE_URL", system.postgres().jdbcUrl())
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", system.kafka().bootstrapServers())
                    .containsEntry("SERVER_PORT", String.valueOf(system.commandSide().port()))
                    .containsEntry("AUTHZ_QUERY_SIDE_URL", system.querySide().url());
            assertThat(query).containsEntry("MONGODB_URI", system.mongoUri())
                    .containsEntry("AUTHZ_EVENTS_TOPIC", system.eventsTopic());
            assertThat(gateway).containsEntry("AUTHZ_COMMAND_SIDE_URL", system.commandSide().url());
            for (Map<String, String> env : List.of(command, query, gateway)) {
                assertThat(env).containsEntry("AUTHZ_INTERNAL_TOKEN", system.internalToken())
                        .containsEntry("AUTHZ_USER_POOLS", system.pool().userPools());
            }
            // The settings hold the pool secrets: readable by their owner only.
            envFile = dataDir.resolve("command-side.env");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile))).isEqualTo("rw-------");
            // And the infrastructure they point at is there.
            try (Connection connection = DriverManager.getConnection(system.postgres().jdbcUrl(),
                    EmbeddedPostgresServer.USERNAME, EmbeddedPostgresServer.PASSWORD)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
        assertThat(envFile).doesNotExist();
    }

    @Test
    void aMongoServerWhosePortIsTakenFailsToStartInsteadOfHanging() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             EmbeddedMongoServer mongo = EmbeddedMongoServer.inMemory(taken.getLocalPort())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(mongo::start)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThat(mongo.isRunning()).isFalse();
        }
    }

    @Test
    void freePortsAreOutsideTheRangeOutgoingConnectionsUse() throws Exception {
        int ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0).trim().split("\\s+")[0]);
        assertThat(ephemeralLow).as("this machine's ephemeral range starts well above 10,000").isGreaterThan(11_000);
        for (int i = 0; i < 20; i++) {
            assertThat(FreePorts.next()).isBetween(10_000, ephemeralLow - 1);
        }
    }

    private static Map<String, String> readEnv(Path file) throws java.io.IOException {
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            env.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return env;
    }

    private static void execute(EmbeddedPostgresServer postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(EmbeddedPostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USERNAME, EmbeddedPostgresServer.PASSWORD);
    }
}
