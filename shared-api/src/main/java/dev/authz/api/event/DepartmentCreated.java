package dev.authz.api.event;

/** {@code parentDepartmentId} is null for an organization's root department. */
@EventType(name = "DepartmentCreated")
public record DepartmentCreated(String poolId, String departmentId, String organizationId,
        String parentDepartmentId, String code, String name, String description) implements DepartmentEvent {
}
