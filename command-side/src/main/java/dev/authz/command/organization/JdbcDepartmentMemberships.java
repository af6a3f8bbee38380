package dev.authz.command.organization;

import dev.authz.command.lookup.MembershipTable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/** Department memberships in {@code department_membership}. */
@Component
public class JdbcDepartmentMemberships extends MembershipTable implements DepartmentMemberships {

    public JdbcDepartmentMemberships(JdbcTemplate jdbc) {
        super(jdbc, "department_membership", "department_id");
    }

    @Override
    public List<String> addNew(String poolId, String departmentId, List<String> userIds) {
        return insertNew(poolId, departmentId, userIds);
    }

    @Override
    public List<String> removeExisting(String poolId, String departmentId, List<String> userIds) {
        return deleteExisting(poolId, departmentId, userIds);
    }

    @Override
    public void removeAll(String departmentId) {
        deleteAll(departmentId);
    }

    @Override
    public List<String> departmentsOf(String poolId, String userId) {
        return containersOf(poolId, userId);
    }
}
