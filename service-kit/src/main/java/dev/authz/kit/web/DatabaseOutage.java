package dev.authz.kit.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a failure means the database could not be reached (down, restarting, the connection cut, no connection
 * within the pool's timeout), as opposed to a bug or a refused statement. The client then gets the 503 envelope:
 * it did nothing wrong, and the same request works once the database is back. Decided on {@code java.sql} types and
 * SQLSTATEs only, so it holds whichever driver, pool and framework wrapped the failure.
 */
public final class DatabaseOutage {
    private DatabaseOutage() {
    }

    /** The connection failure in the cause chain, if any: what to log (the outer exceptions only wrap it). */
    public static Optional<SQLException> find(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return Optional.of((SQLException) cause);
            }
        }
        return Optional.empty();
    }

    /**
     * Class 08 (connection exception: refused, closed, broken) and PostgreSQL's 57P01-57P03 (the server shuts down,
     * crashed, or cannot accept connections yet).
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
