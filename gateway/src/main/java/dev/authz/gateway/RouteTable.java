package dev.authz.gateway;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which service answers a request: reads go to the query side, writes to the command side.
 *
 * <p>The Authing v3 management API reads through POST as well as GET, so the method alone is not enough:
 * a few reads are listed by name and the rest are recognised by their verb ({@code get-}, {@code list-},
 * {@code has-}). Everything else under {@code /api/v3} is a write.
 *
 * <p>History and time travel ({@code *-history}, {@code *-as-of}) are reads too, but the command side answers
 * them from the event store (ADR 0006), whatever their verb.
 */
public final class RouteTable {

    public enum Side { COMMAND, QUERY }

    /**
     * The only paths ever forwarded. Segments are plain words, so dot-segments, encoded characters and path
     * parameters cannot smuggle a request to some other upstream path (such as {@code /internal/**}).
     */
    private static final Pattern FORWARDABLE = Pattern.compile("/api/v3(/[A-Za-z0-9_-]+)+");

    private static final Set<String> READS_BY_NAME = Set.of(
            "list-users", "is-action-allowed", "get-resource-authorized-targets", "get-admin-audit-logs",
            "search-departments", "is-user-exists");

    private static final List<String> READ_VERBS = List.of("get-", "list-", "has-");

    /** Answered from the event store by the command side: entity history and state as of an instant. */
    private static final List<String> EVENT_STORE_READS = List.of("-history", "-as-of");

    /** The side that serves {@code method path}, or empty when the gateway must not forward it at all. */
    public Optional<Side> route(String method, String path) {
        if (path == null || !FORWARDABLE.matcher(path).matches()) {
            return Optional.empty();
        }
        return Optional.of(isRead(method, path) && !readsTheEventStore(path) ? Side.QUERY : Side.COMMAND);
    }

    private static boolean readsTheEventStore(String path) {
        return EVENT_STORE_READS.stream().anyMatch(path::endsWith);
    }

    private static boolean isRead(String method, String path) {
        if ("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method)) {
            return true;
        }
        String operation = path.substring(path.lastIndexOf('/') + 1);
        return READS_BY_NAME.contains(operation) || READ_VERBS.stream().anyMatch(operation::startsWith);
    }
}
