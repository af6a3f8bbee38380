package dev.authz.command.lookup;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table of memberships (pool_id, container, user_id) beside the aggregates: group and department members.
 * Each statement touches only the users of the command, so a container with a million members takes a
 * membership change as fast as an empty one. Writes run in the caller's transaction.
 */
public class MembershipTable {
    private final JdbcTemplate jdbc;
    private final String table;
    private final String container;

    /** {@code table} and {@code container} (its column naming the group or department) are constants. */
    protected MembershipTable(JdbcTemplate jdbc, String table, String container) {
        this.jdbc = jdbc;
        this.table = table;
        this.container = container;
    }

    /** Adds the users that are not members yet and returns exactly those, in the order given. */
    protected List<String> insertNew(String poolId, String containerId, List<String> userIds) {
        Set<String> inserted = new HashSet<>(jdbc.queryForList(
                "INSERT INTO " + table + " (pool_id, " + container + ", user_id) "
                        + "SELECT ?::varchar, ?::varchar, u FROM unnest(?::varchar[]) AS u "
                        + "ON CONFLICT (" + container + ", user_id) DO NOTHING RETURNING user_id",
                String.class, poolId, containerId, userIds.toArray(String[]::new)));
        return userIds.stream().filter(inserted::contains).toList();
    }

    /** Removes the users that are members and returns exactly those, in the order given. */
    protected List<String> deleteExisting(String poolId, String containerId, List<String> userIds) {
        Set<String> deleted = new HashSet<>(jdbc.queryForList(
                "DELETE FROM " + table + " WHERE " + container + " = ? AND pool_id = ? "
                        + "AND user_id = ANY(?::varchar[]) RETURNING user_id",
                String.class, containerId, poolId, userIds.toArray(String[]::new)));
        return userIds.stream().filter(deleted::contains).toList();
    }

    protected void deleteAll(String containerId) {
        jdbc.update("DELETE FROM " + table + " WHERE " + container + " = ?", containerId);
    }

    /** The containers (groups, departments) the user belongs to, in id order. */
    protected List<String> containersOf(String poolId, String userId) {
        return jdbc.queryForList("SELECT " + container + " FROM " + table + " WHERE pool_id = ? AND user_id = ? "
                + "ORDER BY " + container, String.class, poolId, userId);
    }
}
