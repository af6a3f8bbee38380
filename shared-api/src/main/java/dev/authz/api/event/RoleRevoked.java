package dev.authz.api.event;

import java.util.List;

/** Only targets that were assigned. {@code reason}: REQUESTED, USER_DELETED or DEPARTMENT_DELETED. */
@EventType(name = "RoleRevoked")
public record RoleRevoked(String poolId, String roleId, String namespaceId, String targetType,
        List<String> targetIds, String reason) implements RoleEvent {
}
