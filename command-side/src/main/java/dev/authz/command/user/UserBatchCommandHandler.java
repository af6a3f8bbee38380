package dev.authz.command.user;

import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.command.group.GroupAggregate;
import dev.authz.command.group.GroupMemberships;
import dev.authz.command.user.UserCommands.CreateUsersBatch;
import dev.authz.command.user.UserCommands.DeleteUsers;
import dev.authz.command.organization.DepartmentAggregate;
import dev.authz.command.organization.DepartmentMemberships;
import dev.authz.command.role.RoleAggregate;
import dev.authz.command.role.RoleAssignments;
import dev.authz.command.role.RoleCommands;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.List;

/** Commands over several users, each in one unit of work (one transaction): all or nothing. */
@Component
public class UserBatchCommandHandler {
    private final Repository<UserAggregate> users;
    private final Repository<GroupAggregate> groups;
    private final Repository<DepartmentAggregate> departments;
    private final Repository<RoleAggregate> roles;

    public UserBatchCommandHandler(@Qualifier("userAggregateRepository") Repository<UserAggregate> users,
                                   @Qualifier("groupAggregateRepository") Repository<GroupAggregate> groups,
                                   @Qualifier("departmentAggregateRepository") Repository<DepartmentAggregate> departments,
                                   @Qualifier("roleAggregateRepository") Repository<RoleAggregate> roles) {
        this.users = users;
        this.groups = groups;
        this.departments = departments;
        this.roles = roles;
    }

    @CommandHandler
    public void handle(CreateUsersBatch command, UserAccounts accounts) throws Exception {
        for (UserCommands.CreateUser entry : command.users()) {
            users.newInstance(() -> new UserAggregate(entry, accounts));
        }
    }

    /**
     * Each group the user belonged to records a {@code GroupMembersRemoved} (reason USER_DELETED) before
     * the user's own {@code UserDeleted}, so every group's stream alone tells its true member list. Likewise
     * each department records a {@code DepartmentMembersRemoved} and each role a {@code RoleRevoked} (both
     * reason USER_DELETED).
     */
    @CommandHandler
    public void handle(DeleteUsers command, UserAccounts accounts, GroupMemberships memberships,
                       DepartmentMemberships departmentMemberships, RoleAssignments assignments) {
        for (String userId : command.userIds()) {
            if (!accounts.lockForDeletion(command.poolId(), userId)) {
                continue; // unknown or already deleted: deleting is idempotent
            }
            for (String groupId : memberships.groupsOf(command.poolId(), userId)) {
                groups.load(groupId).execute(group ->
                        group.removeMembers(List.of(userId), GroupMembersRemoved.USER_DELETED, memberships));
            }
            for (String departmentId : departmentMemberships.departmentsOf(command.poolId(), userId)) {
                departments.load(departmentId).execute(department -> department.removeMembers(List.of(userId),
                        RoleCommands.USER_DELETED, departmentMemberships));
            }
            for (String roleId : assignments.rolesOf(command.poolId(), RoleCommands.USER, userId)) {
                roles.load(roleId).execute(role -> role.revokeTargets(RoleCommands.USER, List.of(userId),
                        RoleCommands.USER_DELETED, assignments));
            }
            users.load(userId).execute(user -> user.delete(command.poolId(), accounts));
        }
    }
}
