package dev.authz.api.event;

@EventType(name = "UserCreated")
public record UserCreated(String poolId, String userId, UserProfile profile) implements UserEvent {
}
