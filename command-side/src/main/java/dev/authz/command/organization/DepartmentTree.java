package dev.authz.command.organization;

import java.util.List;
import java.util.Optional;

/** The departments of every organization and where they hang, written in the command's transaction. */
public interface DepartmentTree {
    record Node(String departmentId, String organizationId, String parentId) {
        public boolean isRoot() {
            return parentId == null;
        }
    }

    void add(String poolId, String departmentId, String organizationId, String parentId);

    void move(String departmentId, String newParentId);

    void remove(String departmentId);

    /** The department in this pool, or empty. */
    Optional<Node> find(String poolId, String departmentId);

    /** The department and everything below it, deepest first (so children are deleted before parents). */
    List<String> subtree(String departmentId);

    /** Every department of the organization, deepest first. */
    List<String> ofOrganization(String organizationId);
}
