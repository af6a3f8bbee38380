package dev.authz.command.role;

import java.util.List;

/**
 * Who holds which role, kept beside the aggregates (like group memberships): an assignment command touches
 * only the rows of its targets, however many holders the role has.
 */
public interface RoleAssignments {
    /** Inserts new assignments and updates ones whose window differs; returns exactly those ids, in order. */
    List<String> assign(String poolId, String roleId, String targetType, List<String> targetIds, Long enableTime,
                        Long endTime);

    /** Removes the assignments that exist and returns exactly those ids, in order. */
    List<String> revoke(String poolId, String roleId, String targetType, List<String> targetIds);

    void revokeAll(String roleId);

    /** The roles assigned to a target (whatever their window). */
    List<String> rolesOf(String poolId, String targetType, String targetId);
}
