package dev.authz.command.role;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The write model's vocabulary for roles. A role lives in a namespace; its code is unique there. */
public final class RoleCommands {
    public static final String USER = "USER";
    public static final String DEPARTMENT = "DEPARTMENT";
    public static final String ENABLE = "ENABLE";
    public static final String DISABLE = "DISABLE";
    /** Reasons of RoleRevoked and DepartmentMembersRemoved. */
    public static final String REQUESTED = "REQUESTED";
    public static final String USER_DELETED = "USER_DELETED";
    public static final String DEPARTMENT_DELETED = "DEPARTMENT_DELETED";

    private RoleCommands() {
    }

    /** One assignment target: {@code type} USER or DEPARTMENT, {@code id} the user or department id. */
    public record Target(String type, String id) {
    }

    public record CreateRole(@TargetAggregateIdentifier String roleId, String poolId, String namespaceId,
                             String code, String name, String description, Long disableTime) {
    }

    /** All roles or none. */
    public record CreateRolesBatch(String poolId, List<CreateRole> roles) {
    }

    /** Null fields keep their value; {@code clearDisableTime} removes a disable time. */
    public record UpdateRole(@TargetAggregateIdentifier String roleId, String poolId, String newCode, String name,
                             String description, String status, Long disableTime, boolean clearDisableTime) {
    }

    public record DeleteRoles(String poolId, List<String> roleIds) {
    }

    /** Time-bounded when {@code enableTime} / {@code endTime} (epoch ms) are set. */
    public record AssignRole(@TargetAggregateIdentifier String roleId, String poolId, List<Target> targets,
                             Long enableTime, Long endTime) {
    }

    public record RevokeRole(@TargetAggregateIdentifier String roleId, String poolId, List<Target> targets) {
    }

    /** Several roles to the same targets, all or nothing. */
    public record AssignRolesBatch(String poolId, List<AssignRole> assignments) {
    }

    public record RevokeRolesBatch(String poolId, List<RevokeRole> revocations) {
    }
}
