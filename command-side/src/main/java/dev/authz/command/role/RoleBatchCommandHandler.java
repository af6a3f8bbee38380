package dev.authz.command.role;

import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.organization.DepartmentTree;
import dev.authz.command.role.RoleCommands.AssignRole;
import dev.authz.command.role.RoleCommands.AssignRolesBatch;
import dev.authz.command.role.RoleCommands.CreateRole;
import dev.authz.command.role.RoleCommands.CreateRolesBatch;
import dev.authz.command.role.RoleCommands.DeleteRoles;
import dev.authz.command.role.RoleCommands.RevokeRole;
import dev.authz.command.role.RoleCommands.RevokeRolesBatch;
import dev.authz.command.user.UserAccounts;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Commands over several roles, each in one unit of work (one transaction): all or nothing. */
@Component
public class RoleBatchCommandHandler {
    private final Repository<RoleAggregate> roles;

    public RoleBatchCommandHandler(@Qualifier("roleAggregateRepository") Repository<RoleAggregate> roles) {
        this.roles = roles;
    }

    @CommandHandler
    public void handle(CreateRolesBatch command, CodeRegistry codes) throws Exception {
        for (CreateRole entry : command.roles()) {
            roles.newInstance(() -> new RoleAggregate(entry, codes));
        }
    }

    @CommandHandler
    public void handle(DeleteRoles command, CodeRegistry codes, RoleAssignments assignments) {
        for (String roleId : command.roleIds()) {
            roles.load(roleId).execute(role -> role.delete(command.poolId(), codes, assignments));
        }
    }

    @CommandHandler
    public void handle(AssignRolesBatch command, UserAccounts users, DepartmentTree departments,
                       RoleAssignments assignments) {
        for (AssignRole entry : command.assignments()) {
            roles.load(entry.roleId()).execute(role -> role.assign(entry, users, departments, assignments));
        }
    }

    @CommandHandler
    public void handle(RevokeRolesBatch command, UserAccounts users, DepartmentTree departments,
                       RoleAssignments assignments) {
        for (RevokeRole entry : command.revocations()) {
            roles.load(entry.roleId()).execute(role -> role.revoke(entry, users, departments, assignments));
        }
    }
}
