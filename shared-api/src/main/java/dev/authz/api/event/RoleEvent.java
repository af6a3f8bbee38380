package dev.authz.api.event;

/** Events of one role's stream. A role belongs to a namespace; its code is unique there. */
public sealed interface RoleEvent extends DomainEvent
        permits RoleCreated, RoleUpdated, RoleDeleted, RoleAssigned, RoleRevoked {
    String roleId();

    @Override
    default String aggregateId() {
        return roleId();
    }

    @Override
    default String aggregateType() {
        return "role";
    }
}
