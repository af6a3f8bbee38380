package dev.authz.command.user;

import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.command.group.GroupAggregate;
import dev.authz.command.group.GroupMemberships;
import dev.authz.command.user.UserCommands.CreateUsersBatch;
import dev.authz.command.user.UserCommands.DeleteUsers;
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

    public UserBatchCommandHandler(@Qualifier("userAggregateRepository") Repository<UserAggregate> users,
                                   @Qualifier("groupAggregateRepository") Repository<GroupAggregate> groups) {
        this.users = users;
        this.groups = groups;
    }

    @CommandHandler
    public void handle(CreateUsersBatch command, UserAccounts accounts) throws Exception {
        for (UserCommands.CreateUser entry : command.users()) {
            users.newInstance(() -> new UserAggregate(entry, accounts));
        }
    }

    /**
     * Each group the user belonged to records a {@code GroupMembersRemoved} (reason USER_DELETED) before
     * the user's own {@code UserDeleted}, so every group's stream alone tells its true member list.
     */
    @CommandHandler
    public void handle(DeleteUsers command, UserAccounts accounts, GroupMemberships memberships) {
        for (String userId : command.userIds()) {
            if (!accounts.lockForDeletion(command.poolId(), userId)) {
                continue; // unknown or already deleted: deleting is idempotent
            }
            for (String groupId : memberships.groupsOf(command.poolId(), userId)) {
                groups.load(groupId).execute(group ->
                        group.removeMembers(List.of(userId), GroupMembersRemoved.USER_DELETED, memberships));
            }
            users.load(userId).execute(user -> user.delete(command.poolId(), accounts));
        }
    }
}
