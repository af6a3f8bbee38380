package dev.authz.api.event;

import java.util.List;

/**
 * Grants of one target ended. {@code allResources} true: every grant the target held in the namespace ended, and
 * {@code resourceCodes} is empty; false: the grants on exactly {@code resourceCodes}. {@code reason} REQUESTED or
 * TARGET_DELETED.
 *
 * <p>Version 2; version 1 had no {@code allResources} and said "every grant" with {@code resourceCodes: null}
 * (see {@link EventVersions}).
 */
@EventType(name = "ResourceAuthorizationsRevoked", version = 2)
public record ResourceAuthorizationsRevoked(String poolId, String policyId, String namespaceId,
        String targetType, String targetId, boolean allResources, List<String> resourceCodes, String reason)
        implements AuthorizationEvent {

    /** A v1 payload read without its upcast would silently mean "nothing revoked": refuse it instead. */
    public ResourceAuthorizationsRevoked {
        if (resourceCodes == null) {
            throw new IllegalArgumentException("resourceCodes must not be null (a version 1 payload needs upcasting)");
        }
        if (allResources && !resourceCodes.isEmpty()) {
            throw new IllegalArgumentException("resourceCodes must be empty when allResources is true");
        }
        resourceCodes = List.copyOf(resourceCodes);
    }
}
