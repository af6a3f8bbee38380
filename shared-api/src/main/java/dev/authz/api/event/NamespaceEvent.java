package dev.authz.api.event;

/**
 * Events of one namespace (权限分组) stream. Roles and resources live in a namespace; every pool has a "default"
 * one.
 */
public sealed interface NamespaceEvent extends DomainEvent
        permits NamespaceCreated, NamespaceUpdated, NamespaceDeleted {
    String namespaceId();

    @Override
    default String aggregateId() {
        return namespaceId();
    }

    @Override
    default String aggregateType() {
        return "namespace";
    }
}
