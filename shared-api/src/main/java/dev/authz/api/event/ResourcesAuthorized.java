package dev.authz.api.event;

import java.util.List;

/**
 * {@code targetType} USER, ROLE, GROUP or DEPARTMENT; {@code targetId} the target's id (never its code, so
 * renames need no new grant). Each grant replaces the target's earlier grant on the same resource code.
 */
@EventType(name = "ResourcesAuthorized")
public record ResourcesAuthorized(String poolId, String policyId, String namespaceId, String targetType,
        String targetId, List<ResourceGrant> grants) implements AuthorizationEvent {
}
