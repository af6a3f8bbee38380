package dev.authz.api.event;

import java.util.List;

/** Only users that were members; {@code reason} REQUESTED or USER_DELETED. */
@EventType(name = "DepartmentMembersRemoved")
public record DepartmentMembersRemoved(String poolId, String departmentId, List<String> userIds,
        String reason) implements DepartmentEvent {
}
