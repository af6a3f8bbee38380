package dev.authz.api.event;

@EventType(name = "OrganizationUpdated")
public record OrganizationUpdated(String poolId, String organizationId, String code, String previousCode,
        String name, String description) implements OrganizationEvent {
}
