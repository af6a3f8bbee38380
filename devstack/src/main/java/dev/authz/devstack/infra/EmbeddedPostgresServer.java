package dev.authz.devstack.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 (zonky's binaries) as a child process: the event store. The cluster lives in
 * {@code <dir>/pgdata} and is never wiped here, so a local run keeps its events across restarts and a fault
 * test can stop and start it on the same data and port.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "authz";
    /** zonky initialises the cluster with this superuser and trust authentication: any password is accepted. */
    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path dir;
    private final int port;
    private EmbeddedPostgres postgres;

    public EmbeddedPostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Redirect log = Redirect.appendTo(dir.resolve("postgres.log").toFile());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
            createDatabaseIfMissing();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dir + " on port " + port, e);
        }
    }

    /** Stops the server (fast shutdown: open connections are cut, committed data stays). */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop", e);
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    @Override
    public void close() {
        stop();
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USERNAME, PASSWORD);
             Statement statement = connection.createStatement()) {
            boolean exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next();
            if (!exists) {
                statement.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }
}
