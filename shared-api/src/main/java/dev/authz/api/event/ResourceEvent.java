package dev.authz.api.event;

/** Events of one resource's stream. A resource belongs to a namespace; its code is unique there. */
public sealed interface ResourceEvent extends DomainEvent
        permits ResourceCreated, ResourceUpdated, ResourceDeleted {
    String resourceId();

    @Override
    default String aggregateId() {
        return resourceId();
    }

    @Override
    default String aggregateType() {
        return "resource";
    }
}
