package dev.authz.api.event;

/** Events of one department's stream. */
public sealed interface DepartmentEvent extends DomainEvent
        permits DepartmentCreated, DepartmentUpdated, DepartmentDeleted, DepartmentMembersAdded, DepartmentMembersRemoved {
    String departmentId();

    @Override
    default String aggregateId() {
        return departmentId();
    }

    @Override
    default String aggregateType() {
        return "department";
    }
}
