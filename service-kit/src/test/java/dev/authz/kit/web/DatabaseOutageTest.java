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
        assertThat(DatabaseOutage.isCause(wrapped(new SQLException("This connection has been closed.", "08003"))))
                .isTrue();
        assertThat(DatabaseOutage.isCause(wrapped(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(DatabaseOutage.isCause(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(DatabaseOutage.isCause(wrapped(new SQLException("terminating connection due to administrator "
                + "command", "57P01")))).isTrue();
        assertThat(DatabaseOutage.isCause(wrapped(new SQLException("the database system is starting up", "57P03"))))
                .isTrue();
        // HikariCP: no connection within its timeout.
        assertThat(DatabaseOutage.isCause(wrapped(new SQLTransientConnectionException("request timed out"))))
                .isTrue();
    }

    @Test
    void refusedStatementsAndOtherFailuresAreNot() {
        assertThat(DatabaseOutage.isCause(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.isCause(wrapped(new BatchUpdateException("value too long", "22001", null))))
                .isFalse();
        assertThat(DatabaseOutage.isCause(wrapped(new SQLException("no state")))).isFalse();
        assertThat(DatabaseOutage.isCause(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void aCauseChainWithALoopEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(DatabaseOutage.isCause(second)).isFalse();
    }

    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("Handler dispatch failed", new RuntimeException("JdbcException", cause));
    }
}
