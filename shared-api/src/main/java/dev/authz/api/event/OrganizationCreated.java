package dev.authz.api.event;

/** The root department follows as a DepartmentCreated on its own stream. */
@EventType(name = "OrganizationCreated")
public record OrganizationCreated(String poolId, String organizationId, String code, String name,
        String description, String rootDepartmentId) implements OrganizationEvent {
}
