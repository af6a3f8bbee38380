package dev.authz.command.group;

import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.group.GroupCommands.CreateGroupsBatch;
import dev.authz.command.group.GroupCommands.DeleteGroups;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Commands over several groups at once. They run in one unit of work, hence one transaction: the first
 * failing entry rolls back every event and every lookup row of the batch.
 */
@Component
public class GroupBatchCommandHandler {
    private final Repository<GroupAggregate> groups;

    public GroupBatchCommandHandler(@Qualifier("groupAggregateRepository") Repository<GroupAggregate> groups) {
        this.groups = groups;
    }

    @CommandHandler
    public void handle(CreateGroupsBatch command, CodeRegistry codes) throws Exception {
        for (GroupCommands.CreateGroup entry : command.groups()) {
            groups.newInstance(() -> new GroupAggregate(entry, codes));
        }
    }

    @CommandHandler
    public void handle(DeleteGroups command, CodeRegistry codes, GroupMemberships memberships) {
        for (String groupId : command.groupIds()) {
            groups.load(groupId).execute(group -> group.delete(command.poolId(), codes, memberships));
        }
    }
}
