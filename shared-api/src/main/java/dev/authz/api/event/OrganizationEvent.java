package dev.authz.api.event;

/** Events of one organization's stream. An organization is a tree of departments with one root department. */
public sealed interface OrganizationEvent extends DomainEvent
        permits OrganizationCreated, OrganizationUpdated, OrganizationDeleted {
    String organizationId();

    @Override
    default String aggregateId() {
        return organizationId();
    }

    @Override
    default String aggregateType() {
        return "organization";
    }
}
