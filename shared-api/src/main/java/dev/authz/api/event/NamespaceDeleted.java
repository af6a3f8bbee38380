package dev.authz.api.event;

/** Its roles and resources are deleted with it (each with its own event, before this one). */
@EventType(name = "NamespaceDeleted")
public record NamespaceDeleted(String poolId, String namespaceId, String code) implements NamespaceEvent {
}
