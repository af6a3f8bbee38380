package dev.authz.command.group;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Membership rows in PostgreSQL; each statement touches only the users of the command. */
@Component
public class JdbcGroupMemberships implements GroupMemberships {
    private final JdbcTemplate jdbc;

    public JdbcGroupMemberships(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> addNew(String poolId, String groupId, List<String> userIds) {
        Set<String> inserted = new HashSet<>(jdbc.queryForList(
                "INSERT INTO group_membership (pool_id, group_id, user_id) "
                        + "SELECT ?, ?, u FROM unnest(?::varchar[]) AS u "
                        + "ON CONFLICT (group_id, user_id) DO NOTHING RETURNING user_id",
                String.class, poolId, groupId, userIds.toArray(String[]::new)));
        return userIds.stream().filter(inserted::contains).toList();
    }

    @Override
    public List<String> removeExisting(String poolId, String groupId, List<String> userIds) {
        Set<String> deleted = new HashSet<>(jdbc.queryForList(
                "DELETE FROM group_membership WHERE group_id = ? AND pool_id = ? AND user_id = ANY(?::varchar[]) "
                        + "RETURNING user_id",
                String.class, groupId, poolId, userIds.toArray(String[]::new)));
        return userIds.stream().filter(deleted::contains).toList();
    }

    @Override
    public void removeAll(String groupId) {
        jdbc.update("DELETE FROM group_membership WHERE group_id = ?", groupId);
    }

    @Override
    public List<String> groupsOf(String poolId, String userId) {
        return jdbc.queryForList("SELECT group_id FROM group_membership WHERE pool_id = ? AND user_id = ? "
                + "ORDER BY group_id", String.class, poolId, userId);
    }
}
