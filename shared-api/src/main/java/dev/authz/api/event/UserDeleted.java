package dev.authz.api.event;

@EventType(name = "UserDeleted")
public record UserDeleted(String poolId, String userId) implements UserEvent {
}
