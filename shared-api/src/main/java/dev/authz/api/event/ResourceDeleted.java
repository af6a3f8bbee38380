package dev.authz.api.event;

@EventType(name = "ResourceDeleted")
public record ResourceDeleted(String poolId, String resourceId, String namespaceId, String code) implements ResourceEvent {
}
