package dev.authz.api.event;

@EventType(name = "DepartmentUpdated")
public record DepartmentUpdated(String poolId, String departmentId, String organizationId,
        String parentDepartmentId, String code, String previousCode, String name, String description) implements DepartmentEvent {
}
