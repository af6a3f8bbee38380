package dev.authz.api.event;

/**
 * Events of one policy: the grants of one target (user, role, group or department) in one namespace. The policy
 * id is derived from (pool, namespace, target type, target id).
 */
public sealed interface AuthorizationEvent extends DomainEvent
        permits ResourcesAuthorized, ResourceAuthorizationsRevoked {
    String policyId();

    @Override
    default String aggregateId() {
        return policyId();
    }

    @Override
    default String aggregateType() {
        return "authorization";
    }
}
