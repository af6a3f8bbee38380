package dev.authz.api.event;

@EventType(name = "NamespaceCreated")
public record NamespaceCreated(String poolId, String namespaceId, String code, String name,
        String description) implements NamespaceEvent {
}
