package dev.authz.api.event;

/** The role's state after the update; {@code previousCode} differs from {@code code} on a rename. */
@EventType(name = "RoleUpdated")
public record RoleUpdated(String poolId, String roleId, String namespaceId, String code, String previousCode,
        String name, String description, String status, Long disableTime) implements RoleEvent {
}
