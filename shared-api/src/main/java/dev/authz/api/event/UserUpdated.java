package dev.authz.api.event;

/** The whole profile after the update (not a diff), so a consumer never needs the previous state. */
@EventType(name = "UserUpdated")
public record UserUpdated(String poolId, String userId, UserProfile profile) implements UserEvent {
}
