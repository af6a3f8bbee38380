package dev.authz.api.event;

import java.util.List;

/** Only users that were not members. */
@EventType(name = "DepartmentMembersAdded")
public record DepartmentMembersAdded(String poolId, String departmentId, List<String> userIds) implements DepartmentEvent {
}
