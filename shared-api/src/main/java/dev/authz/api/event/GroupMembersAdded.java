package dev.authz.api.event;

import java.util.List;

/** Only the users that were not members before: re-adding a member produces no event. */
@EventType(name = "GroupMembersAdded")
public record GroupMembersAdded(String poolId, String groupId, List<String> userIds) implements GroupEvent {
}
