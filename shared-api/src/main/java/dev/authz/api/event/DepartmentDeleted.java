package dev.authz.api.event;

/** Its members leave and its role assignments end with it. */
@EventType(name = "DepartmentDeleted")
public record DepartmentDeleted(String poolId, String departmentId, String organizationId, String code) implements DepartmentEvent {
}
