package dev.authz.command.organization;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.organization.OrganizationCommands.CreateDepartment;
import dev.authz.command.organization.OrganizationCommands.CreateOrganization;
import dev.authz.command.organization.OrganizationCommands.DeleteDepartment;
import dev.authz.command.organization.OrganizationCommands.DeleteOrganization;
import dev.authz.command.organization.OrganizationCommands.OrganizationState;
import dev.authz.command.organization.OrganizationCommands.SetUserDepartments;
import dev.authz.command.role.RoleAggregate;
import dev.authz.command.role.RoleAssignments;
import dev.authz.command.role.RoleCommands;
import dev.authz.command.user.UserAccounts;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Commands that span several aggregates, each in one unit of work (one transaction): an organization with
 * its root department; deleting a department subtree or a whole organization (each department's role
 * assignments end with a RoleRevoked DEPARTMENT_DELETED on the role's stream, then the DepartmentDeleted);
 * setting a user's departments.
 */
@Component
public class OrganizationCommandHandler {
    private final Repository<OrganizationAggregate> organizations;
    private final Repository<DepartmentAggregate> departments;
    private final Repository<RoleAggregate> roles;

    public OrganizationCommandHandler(
            @Qualifier("organizationAggregateRepository") Repository<OrganizationAggregate> organizations,
            @Qualifier("departmentAggregateRepository") Repository<DepartmentAggregate> departments,
            @Qualifier("roleAggregateRepository") Repository<RoleAggregate> roles) {
        this.organizations = organizations;
        this.departments = departments;
        this.roles = roles;
    }

    @CommandHandler
    public OrganizationState handle(CreateOrganization command, CodeRegistry codes, DepartmentTree tree)
            throws Exception {
        organizations.newInstance(() -> new OrganizationAggregate(command, codes));
        // The root department has no code of its own: the organization's code names it.
        departments.newInstance(() -> new DepartmentAggregate(new CreateDepartment(command.rootDepartmentId(),
                command.poolId(), command.organizationId(), null, null, command.name(), command.description()),
                codes, tree));
        return new OrganizationState(command.organizationId(), command.code(), command.name(),
                command.description(), command.rootDepartmentId());
    }

    @CommandHandler
    public void handle(DeleteOrganization command, CodeRegistry codes, DepartmentTree tree,
                       DepartmentMemberships memberships, RoleAssignments assignments) {
        for (String departmentId : tree.ofOrganization(command.organizationId())) {
            deleteDepartment(command.poolId(), departmentId, codes, tree, memberships, assignments);
        }
        organizations.load(command.organizationId()).execute(org -> org.delete(command.poolId(), codes));
    }

    @CommandHandler
    public void handle(DeleteDepartment command, CodeRegistry codes, DepartmentTree tree,
                       DepartmentMemberships memberships, RoleAssignments assignments) {
        DepartmentTree.Node node = tree.find(command.poolId(), command.departmentId())
                .orElseThrow(() -> new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND));
        if (node.isRoot()) {
            throw ApiException.invalid("departmentId", "the root department goes with its organization");
        }
        for (String departmentId : tree.subtree(command.departmentId())) {
            deleteDepartment(command.poolId(), departmentId, codes, tree, memberships, assignments);
        }
    }

    private void deleteDepartment(String poolId, String departmentId, CodeRegistry codes, DepartmentTree tree,
                                  DepartmentMemberships memberships, RoleAssignments assignments) {
        for (String roleId : assignments.rolesOf(poolId, RoleCommands.DEPARTMENT, departmentId)) {
            roles.load(roleId).execute(role -> role.revokeTargets(RoleCommands.DEPARTMENT, List.of(departmentId),
                    RoleCommands.DEPARTMENT_DELETED, assignments));
        }
        departments.load(departmentId).execute(department -> department.delete(poolId, codes, tree, memberships));
    }

    /** Unknown user: 用户不存在; an id that names no department of the pool: 存在不合法的 departmentId. */
    @CommandHandler
    public void handle(SetUserDepartments command, UserAccounts users, DepartmentTree tree,
                       DepartmentMemberships memberships) {
        if (!users.missing(command.poolId(), List.of(command.userId())).isEmpty()) {
            throw new ApiException(ErrorCode.USER_NOT_FOUND);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String departmentId : command.departmentIds()) {
            if (departmentId == null || tree.find(command.poolId(), departmentId).isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_DEPARTMENT_ID, departmentId == null ? "" : departmentId);
            }
            wanted.add(departmentId);
        }
        List<String> current = memberships.departmentsOf(command.poolId(), command.userId());
        for (String departmentId : wanted) {
            if (!current.contains(departmentId)) {
                departments.load(departmentId).execute(department ->
                        department.addMembers(List.of(command.userId()), users, memberships));
            }
        }
        for (String departmentId : current) {
            if (!wanted.contains(departmentId)) {
                departments.load(departmentId).execute(department ->
                        department.removeMembers(List.of(command.userId()), RoleCommands.REQUESTED, memberships));
            }
        }
    }
}
