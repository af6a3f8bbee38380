package dev.authz.api.event;

import java.util.List;

/** {@code resourceCodes} null means every grant of the target; {@code reason} REQUESTED or TARGET_DELETED. */
@EventType(name = "ResourceAuthorizationsRevoked")
public record ResourceAuthorizationsRevoked(String poolId, String policyId, String namespaceId,
        String targetType, String targetId, List<String> resourceCodes, String reason) implements AuthorizationEvent {
}
