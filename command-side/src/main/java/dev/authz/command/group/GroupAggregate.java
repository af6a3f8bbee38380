package dev.authz.command.group;

import dev.authz.command.lookup.CodeRegistry;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.web.GroupDto;
import dev.authz.command.group.GroupCommands.AddGroupMembers;
import dev.authz.command.group.GroupCommands.CreateGroup;
import dev.authz.command.group.GroupCommands.RemoveGroupMembers;
import dev.authz.command.group.GroupCommands.UpdateGroup;
import dev.authz.command.user.UserAccounts;
import dev.authz.kit.web.Params;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.authz.command.lookup.CodeRegistry.Kind.GROUP;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A group: its code, name, description and custom data. Members are not part of the state (see
 * {@link GroupMemberships}); the aggregate decides on a membership command from the rows that command
 * touches, so its size never grows with the group.
 */
@Aggregate(snapshotTriggerDefinition = "groupSnapshotTrigger", cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class GroupAggregate {

    @AggregateIdentifier
    private String groupId;
    private String poolId;
    private String code;
    private String name;
    private String description;
    private String type;
    private Map<String, Object> customData;

    protected GroupAggregate() {
        // for event sourcing and snapshots
    }

    @CommandHandler
    public GroupAggregate(CreateGroup command, CodeRegistry codes) {
        Params.code("code", command.code());
        codes.claim(GROUP, command.poolId(), POOL_WIDE, command.code(), command.groupId());
        apply(new GroupCreated(command.poolId(), command.groupId(), command.code(), command.name(),
                command.description(), command.type(), command.customData()));
    }

    @CommandHandler
    public GroupDto handle(UpdateGroup command, CodeRegistry codes) {
        requirePool(command.poolId());
        String newCode = command.newCode() == null ? code : Params.code("newCode", command.newCode());
        String newName = command.name() != null ? command.name() : name;
        String newDescription = command.description() != null ? command.description() : description;
        Map<String, Object> newCustomData = command.customData() == null ? customData : command.customData();
        if (newCode.equals(code) && Objects.equals(newName, name) && Objects.equals(newDescription, description)
                && Objects.equals(newCustomData, customData)) {
            return toDto(); // nothing changes: no event (the write is still audited, see ADR 0007)
        }
        if (!newCode.equals(code)) {
            codes.move(GROUP, poolId, POOL_WIDE, code, newCode);
        }
        apply(new GroupUpdated(poolId, groupId, newCode, code, newName, newDescription, newCustomData));
        return toDto();
    }

    /** Called for each group of a delete-groups command (see {@link GroupBatchCommandHandler}). */
    public void delete(String requestingPool, CodeRegistry codes, GroupMemberships memberships) {
        requirePool(requestingPool);
        codes.release(GROUP, poolId, POOL_WIDE, code);
        memberships.removeAll(groupId);
        apply(new GroupDeleted(poolId, groupId, code));
    }

    /** Unknown users fail the whole command; users already in the group are not added twice. */
    @CommandHandler
    public void handle(AddGroupMembers command, UserAccounts users, GroupMemberships memberships) {
        requirePool(command.poolId());
        List<String> unknown = users.missing(poolId, command.userIds());
        if (!unknown.isEmpty()) {
            throw new ApiException(ErrorCode.USER_NOT_FOUND, null, "no user " + String.join(", ", unknown));
        }
        List<String> added = memberships.addNew(poolId, groupId, command.userIds());
        if (!added.isEmpty()) {
            apply(new GroupMembersAdded(poolId, groupId, added));
        }
    }

    @CommandHandler
    public void handle(RemoveGroupMembers command, GroupMemberships memberships) {
        requirePool(command.poolId());
        removeMembers(command.userIds(), GroupMembersRemoved.REQUESTED, memberships);
    }

    /** Also used when a user is deleted: every group it belonged to records the removal. */
    public void removeMembers(List<String> userIds, String reason, GroupMemberships memberships) {
        List<String> removed = memberships.removeExisting(poolId, groupId, userIds);
        if (!removed.isEmpty()) {
            apply(new GroupMembersRemoved(poolId, groupId, removed, reason));
        }
    }

    public GroupDto toDto() {
        return GroupDto.of(groupId, code, name, description, type);
    }

    /** A command of another pool never learns that this group exists. */
    private void requirePool(String requestingPool) {
        if (!poolId.equals(requestingPool)) {
            throw new ApiException(ErrorCode.GROUP_NOT_FOUND);
        }
    }

    @EventSourcingHandler
    void on(GroupCreated event) {
        groupId = event.groupId();
        poolId = event.poolId();
        code = event.code();
        name = event.name();
        description = event.description();
        type = event.type();
        customData = event.customData();
    }

    @EventSourcingHandler
    void on(GroupUpdated event) {
        code = event.code();
        name = event.name();
        description = event.description();
        customData = event.customData();
    }

    @EventSourcingHandler
    void on(GroupDeleted event) {
        markDeleted();
    }
}
