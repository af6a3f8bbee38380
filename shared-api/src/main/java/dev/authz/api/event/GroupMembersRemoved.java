package dev.authz.api.event;

import java.util.List;

/** Only the users that were members; {@code reason} is REQUESTED or USER_DELETED. */
@EventType(name = "GroupMembersRemoved")
public record GroupMembersRemoved(String poolId, String groupId, List<String> userIds, String reason)
        implements GroupEvent {
    public static final String REQUESTED = "REQUESTED";
    public static final String USER_DELETED = "USER_DELETED";
}
