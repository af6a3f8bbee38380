package dev.authz.api.event;

/** Its assignments end with it: consumers drop them without a RoleRevoked per target. */
@EventType(name = "RoleDeleted")
public record RoleDeleted(String poolId, String roleId, String namespaceId, String code) implements RoleEvent {
}
