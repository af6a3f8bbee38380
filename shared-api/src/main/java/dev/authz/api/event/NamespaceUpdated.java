package dev.authz.api.event;

/** The namespace's state after the update; {@code previousCode} differs from {@code code} on a rename. */
@EventType(name = "NamespaceUpdated")
public record NamespaceUpdated(String poolId, String namespaceId, String code, String previousCode,
        String name, String description) implements NamespaceEvent {
}
