package dev.authz.command.organization;

import java.util.List;

/** Who belongs to which department, beside the aggregates like group memberships. */
public interface DepartmentMemberships {
    /** Adds the users that are not members yet and returns exactly those, in the order given. */
    List<String> addNew(String poolId, String departmentId, List<String> userIds);

    /** Removes the users that are members and returns exactly those, in the order given. */
    List<String> removeExisting(String poolId, String departmentId, List<String> userIds);

    void removeAll(String departmentId);

    List<String> departmentsOf(String poolId, String userId);
}
