package dev.authz.command.role;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Assignment rows in PostgreSQL, written in the command's transaction. */
@Component
public class JdbcRoleAssignments implements RoleAssignments {
    private final JdbcTemplate jdbc;

    public JdbcRoleAssignments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> assign(String poolId, String roleId, String targetType, List<String> targetIds,
                               Long enableTime, Long endTime) {
        Set<String> changed = new HashSet<>(jdbc.queryForList(
                "INSERT INTO role_assignment (pool_id, role_id, target_type, target_id, enable_time, end_time) "
                        + "SELECT ?::varchar, ?::varchar, ?::varchar, t, ?::bigint, ?::bigint "
                        + "FROM unnest(?::varchar[]) AS t "
                        + "ON CONFLICT (role_id, target_type, target_id) DO UPDATE "
                        + "SET enable_time = EXCLUDED.enable_time, end_time = EXCLUDED.end_time "
                        + "WHERE role_assignment.enable_time IS DISTINCT FROM EXCLUDED.enable_time "
                        + "OR role_assignment.end_time IS DISTINCT FROM EXCLUDED.end_time "
                        + "RETURNING target_id",
                String.class, poolId, roleId, targetType, enableTime, endTime, targetIds.toArray(String[]::new)));
        return targetIds.stream().filter(changed::contains).toList();
    }

    @Override
    public List<String> revoke(String poolId, String roleId, String targetType, List<String> targetIds) {
        Set<String> deleted = new HashSet<>(jdbc.queryForList(
                "DELETE FROM role_assignment WHERE role_id = ? AND pool_id = ? AND target_type = ? "
                        + "AND target_id = ANY(?::varchar[]) RETURNING target_id",
                String.class, roleId, poolId, targetType, targetIds.toArray(String[]::new)));
        return targetIds.stream().filter(deleted::contains).toList();
    }

    @Override
    public void revokeAll(String roleId) {
        jdbc.update("DELETE FROM role_assignment WHERE role_id = ?", roleId);
    }

    @Override
    public List<String> rolesOf(String poolId, String targetType, String targetId) {
        return jdbc.queryForList("SELECT role_id FROM role_assignment WHERE pool_id = ? AND target_type = ? "
                + "AND target_id = ? ORDER BY role_id", String.class, poolId, targetType, targetId);
    }
}
