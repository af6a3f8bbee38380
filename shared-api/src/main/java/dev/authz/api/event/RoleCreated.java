package dev.authz.api.event;

/**
 * {@code status} ENABLE or DISABLE; {@code disableTime} epoch ms after which the role counts as disabled, or
 * null.
 */
@EventType(name = "RoleCreated")
public record RoleCreated(String poolId, String roleId, String namespaceId, String code, String name,
        String description, String status, Long disableTime) implements RoleEvent {
}
