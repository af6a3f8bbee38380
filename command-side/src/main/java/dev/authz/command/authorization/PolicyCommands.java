package dev.authz.command.authorization;

import dev.authz.api.event.ResourceGrant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The write model's vocabulary for authorization: one policy per (pool, namespace, target). */
public final class PolicyCommands {
    private PolicyCommands() {
    }

    /** Grants replace the target's earlier grant on the same resource code. */
    public record GrantResources(@TargetAggregateIdentifier String policyId, String poolId, String namespaceId,
                                 String targetType, String targetId, List<ResourceGrant> grants) {
    }

    /** Several targets at once, all or nothing (authorize-resources). */
    public record AuthorizeResources(String poolId, List<GrantResources> policies) {
    }

    /** {@code resourceCodes} null revokes every grant of the target. */
    public record RevokeResources(@TargetAggregateIdentifier String policyId, String poolId,
                                  List<String> resourceCodes) {
    }
}
