package dev.authz.api.event;

import java.util.List;

/**
 * {@code targetType} USER or DEPARTMENT. Lists the targets whose assignment is new or changed; {@code
 * enableTime}/{@code endTime} (epoch ms, null = unbounded) bound when it counts.
 */
@EventType(name = "RoleAssigned")
public record RoleAssigned(String poolId, String roleId, String namespaceId, String targetType,
        List<String> targetIds, Long enableTime, Long endTime) implements RoleEvent {
}
