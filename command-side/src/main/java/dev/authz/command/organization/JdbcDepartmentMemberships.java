package dev.authz.command.organization;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

@Component
public class JdbcDepartmentMemberships implements DepartmentMemberships {
    private final JdbcTemplate jdbc;

    public JdbcDepartmentMemberships(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> addNew(String poolId, String departmentId, List<String> userIds) {
        Set<String> inserted = new HashSet<>(jdbc.queryForList(
                "INSERT INTO department_membership (pool_id, department_id, user_id) "
                        + "SELECT ?::varchar, ?::varchar, u FROM unnest(?::varchar[]) AS u "
                        + "ON CONFLICT (department_id, user_id) DO NOTHING RETURNING user_id",
                String.class, poolId, departmentId, userIds.toArray(String[]::new)));
        return userIds.stream().filter(inserted::contains).toList();
    }

    @Override
    public List<String> removeExisting(String poolId, String departmentId, List<String> userIds) {
        Set<String> deleted = new HashSet<>(jdbc.queryForList(
                "DELETE FROM department_membership WHERE department_id = ? AND pool_id = ? "
                        + "AND user_id = ANY(?::varchar[]) RETURNING user_id",
                String.class, departmentId, poolId, userIds.toArray(String[]::new)));
        return userIds.stream().filter(deleted::contains).toList();
    }

    @Override
    public void removeAll(String departmentId) {
        jdbc.update("DELETE FROM department_membership WHERE department_id = ?", departmentId);
    }

    @Override
    public List<String> departmentsOf(String poolId, String userId) {
        return jdbc.queryForList("SELECT department_id FROM department_membership WHERE pool_id = ? AND user_id = ? "
                + "ORDER BY department_id", String.class, poolId, userId);
    }
}
