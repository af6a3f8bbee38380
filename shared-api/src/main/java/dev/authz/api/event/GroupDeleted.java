package dev.authz.api.event;

@EventType(name = "GroupDeleted")
public record GroupDeleted(String poolId, String groupId, String code) implements GroupEvent {
}
