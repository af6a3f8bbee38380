package dev.authz.command.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The write model's vocabulary for organizations and their departments. */
public final class OrganizationCommands {
    private OrganizationCommands() {
    }

    /** Creates the organization and its root department in one unit of work. */
    public record CreateOrganization(String organizationId, String poolId, String code, String name,
                                     String description, String rootDepartmentId) {
    }

    /** Null fields keep their value. */
    public record UpdateOrganization(@TargetAggregateIdentifier String organizationId, String poolId,
                                     String newCode, String name, String description) {
    }

    /** Deletes every department of the organization, then the organization. */
    public record DeleteOrganization(String poolId, String organizationId) {
    }

    /** {@code code} may be null (a department without a code). */
    public record CreateDepartment(@TargetAggregateIdentifier String departmentId, String poolId,
                                   String organizationId, String parentDepartmentId, String code, String name,
                                   String description) {
    }

    /** Null fields keep their value; {@code parentDepartmentId} moves the department. */
    public record UpdateDepartment(@TargetAggregateIdentifier String departmentId, String poolId, String newCode,
                                   String name, String description, String parentDepartmentId) {
    }

    /** Deletes the department and everything below it. */
    public record DeleteDepartment(String poolId, String departmentId) {
    }

    public record AddDepartmentMembers(@TargetAggregateIdentifier String departmentId, String poolId,
                                       List<String> userIds) {
    }

    public record RemoveDepartmentMembers(@TargetAggregateIdentifier String departmentId, String poolId,
                                          List<String> userIds) {
    }

    /** The user ends up in exactly these departments. */
    public record SetUserDepartments(String poolId, String userId, List<String> departmentIds) {
    }

    /** What a department write answers with. */
    public record DepartmentState(String departmentId, String organizationId, String parentDepartmentId,
                                  String code, String name, String description) {
    }

    /** What an organization write answers with. */
    public record OrganizationState(String organizationId, String code, String name, String description,
                                    String rootDepartmentId) {
    }
}
