package dev.authz.kit.web;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {

    @Test
    void connectionFailuresAnywhereInTheCauseChainAreAnOutage() {
        // PostgreSQL's driver: connection closed (08003), I/O error (08006), refused (08001), server shutting down.
        assertThat(DatabaseOutage.find(wrapped(new SQLException("This connection has been closed.", "08003"))))
                .isPresent();
        assertThat(DatabaseOutage.find(wrapped(new SQLException("I/O error", "08006")))).isPresent();
        assertThat(DatabaseOutage.find(new SQLException("Connection refused", "08001"))).isPresent();
        assertThat(DatabaseOutage.find(wrapped(new SQLException("terminating connection due to administrator "
                + "command", "57P01")))).isPresent();
        assertThat(DatabaseOutage.find(wrapped(new SQLException("the database system is starting up", "57P03"))))
                .isPresent();
        // HikariCP: no connection within its timeout.
        assertThat(DatabaseOutage.find(wrapped(new SQLTransientConnectionException("request timed out"))))
                .isPresent();
    }

    @Test
    void refusedStatementsAndOtherFailuresAreNot() {
        assertThat(DatabaseOutage.find(wrapped(new SQLException("duplicate key", "23505")))).isEmpty();
        assertThat(DatabaseOutage.find(wrapped(new BatchUpdateException("value too long", "22001", null))))
                .isEmpty();
        assertThat(DatabaseOutage.find(wrapped(new SQLException("no state")))).isEmpty();
        assertThat(DatabaseOutage.find(new IllegalStateException("a bug"))).isEmpty();
    }

    @Test
    void aCauseChainWithALoopEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(DatabaseOutage.find(second)).isEmpty();
    }

    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("Handler dispatch failed", new RuntimeException("JdbcException", cause));
    }
}
