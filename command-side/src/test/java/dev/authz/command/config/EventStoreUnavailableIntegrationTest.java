package dev.authz.command.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.authz.command.CommandSideTestBase;
import dev.authz.kit.client.SignedClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that cannot reach the event store answers the 503 envelope ("retry"), never a 500, and leaves nothing
 * behind: the client did nothing wrong and the same request works once the database is back. The whole outage,
 * under load, is devstack's FaultsEndToEndTest; here the two ways a single write meets it.
 */
class EventStoreUnavailableIntegrationTest extends CommandSideTestBase {
    /** Marks the group whose stored event makes PostgreSQL cut the connection that inserts it. */
    private static final String CUT = "cut-connection";
    private static final Map<String, String> NO_WAIT = Map.of("x-authz-wait", "false");

    @Autowired
    DataSource dataSource;

    @AfterEach
    void dropTrigger() {
        jdbc.execute("DROP TRIGGER IF EXISTS cut_connection ON domain_event_entry");
        jdbc.execute("DROP FUNCTION IF EXISTS cut_connection()");
    }

    /**
     * PostgreSQL terminates the write's connection in the middle of its transaction (as a restart or a failover
     * does): the append fails, the transaction is gone with the connection, and the client is told to retry.
     */
    @Test
    void aConnectionCutInTheMiddleOfTheWriteAnswers503AndStoresNothing() {
        jdbc.execute("""
                CREATE FUNCTION cut_connection() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF strpos(convert_from(NEW.payload, 'UTF8'), '%s') > 0 THEN
                        PERFORM pg_terminate_backend(pg_backend_pid());
                    END IF;
                    RETURN NEW;
                END $$""".formatted(CUT));
        jdbc.execute("CREATE TRIGGER cut_connection BEFORE INSERT ON domain_event_entry FOR EACH ROW "
                + "EXECUTE FUNCTION cut_connection()");
        String code = unique(CUT);
        long eventsBefore = domainEvents();

        Response cut = poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n"), NO_WAIT);

        assertThat(cut.status()).as("HTTP status: %s", cut.body()).isEqualTo(503);
        assertThat(cut.statusCode()).isEqualTo(503);
        assertThat(cut.body().path("apiCode").asInt()).isEqualTo(50301);
        assertThat(domainEvents()).as("nothing stored").isEqualTo(eventsBefore);

        dropTrigger();
        Response retried = poolA.post("/api/v3/create-group", Map.of("code", code, "name", "n"), NO_WAIT);
        assertThat(retried.statusCode()).as("the retry: the code was not left claimed (%s)", retried.body())
                .isEqualTo(200);
    }

    /**
     * No connection to be had (the database is down, or every connection is busy): the write waits at most the
     * pool's connection timeout ({@code DATABASE_CONNECTION_TIMEOUT_MS}, 5 s, well inside the SDK's own 10 s) and
     * answers the 503 envelope.
     */
    @Test
    void noConnectionWithinTheTimeoutAnswers503BeforeTheSdkGivesUp() throws Exception {
        HikariDataSource pool = (HikariDataSource) dataSource;
        assertThat(pool.getConnectionTimeout()).as("the default of DATABASE_CONNECTION_TIMEOUT_MS").isEqualTo(5_000);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                held.add(dataSource.getConnection());
            }
            long started = System.nanoTime();
            Response refused = poolA.post("/api/v3/create-group", Map.of("code", unique("busy"), "name", "n"),
                    NO_WAIT);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(refused.status()).as("HTTP status: %s", refused.body()).isEqualTo(503);
            assertThat(refused.body().path("apiCode").asInt()).isEqualTo(50301);
            assertThat(millis).as("answered within the connection timeout").isBetween(4_500L, 9_000L);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }
}
