package dev.authz.api.event;

/** Events of one group's stream. */
public sealed interface GroupEvent extends DomainEvent
        permits GroupCreated, GroupUpdated, GroupDeleted, GroupMembersAdded, GroupMembersRemoved {
    String groupId();

    @Override
    default String aggregateId() {
        return groupId();
    }

    @Override
    default String aggregateType() {
        return "group";
    }
}
