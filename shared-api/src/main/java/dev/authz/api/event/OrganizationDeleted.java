package dev.authz.api.event;

/** Its departments are deleted with it (each with its own event, before this one). */
@EventType(name = "OrganizationDeleted")
public record OrganizationDeleted(String poolId, String organizationId, String code) implements OrganizationEvent {
}
