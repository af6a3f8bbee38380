package dev.authz.command.authorization;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.ResourceAuthorizationsRevoked;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.command.authorization.PolicyCommands.GrantResources;
import dev.authz.command.authorization.PolicyCommands.RevokeResources;
import dev.authz.command.authorization.PolicyTargets.TargetType;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The grants of one target (user, role, group or department) in one namespace. Its id is derived from
 * (pool, namespace, target type, target id), so a grant needs no lookup and a renamed group or role keeps its
 * grants. State: the granted resource codes only (what a revoke needs to decide).
 */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class PolicyAggregate {
    public static final String ALLOW = "ALLOW";
    public static final String DENY = "DENY";

    @AggregateIdentifier
    private String policyId;
    private String poolId;
    private String namespaceId;
    private String targetType;
    private String targetId;
    private Set<String> grantedCodes = new TreeSet<>();

    public PolicyAggregate() {
        // for event sourcing and creation on the first grant
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(GrantResources command, PolicyTargets targets) {
        grant(command, targets);
    }

    /** Also called by {@link PolicyBatchCommandHandler} for each target of authorize-resources. */
    public void grant(GrantResources command, PolicyTargets targets) {
        if (poolId != null && !poolId.equals(command.poolId())) {
            throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
        }
        TargetType type = PolicyGrants.targetType(command.targetType());
        if (!targets.exists(command.poolId(), type, command.targetId())) {
            throw new ApiException(PolicyGrants.missing(type), command.targetId());
        }
        apply(new ResourcesAuthorized(command.poolId(), command.policyId(), command.namespaceId(), type.name(),
                command.targetId(), PolicyGrants.normalize(command.grants())));
    }

    @CommandHandler
    public void handle(RevokeResources command) {
        if (!poolId.equals(command.poolId())) {
            throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
        }
        List<String> revoked = command.resourceCodes() == null ? new ArrayList<>(grantedCodes)
                : command.resourceCodes().stream().filter(grantedCodes::contains).distinct().toList();
        if (revoked.isEmpty()) {
            return; // nothing granted: nothing to say
        }
        boolean all = command.resourceCodes() == null;
        apply(new ResourceAuthorizationsRevoked(poolId, policyId, namespaceId, targetType, targetId, all,
                all ? List.of() : revoked, "REQUESTED"));
    }

    @EventSourcingHandler
    void on(ResourcesAuthorized event) {
        policyId = event.policyId();
        poolId = event.poolId();
        namespaceId = event.namespaceId();
        targetType = event.targetType();
        targetId = event.targetId();
        event.grants().forEach(grant -> grantedCodes.add(grant.resourceCode()));
    }

    @EventSourcingHandler
    void on(ResourceAuthorizationsRevoked event) {
        if (event.allResources()) {
            grantedCodes.clear();
        } else {
            event.resourceCodes().forEach(grantedCodes::remove);
        }
    }

    /** Validation and normalization of grants, shared by the aggregate and the endpoint. */
    static final class PolicyGrants {
        private static final Set<String> RESOURCE_TYPES = Set.of("DATA", "API", "MENU", "BUTTON", "UI");

        private PolicyGrants() {
        }

        static TargetType targetType(String value) {
            for (TargetType type : TargetType.values()) {
                if (type.name().equals(value)) {
                    return type;
                }
            }
            throw ApiException.invalid("targetType", "one of USER, ROLE, GROUP, DEPARTMENT");
        }

        static ErrorCode missing(TargetType type) {
            return switch (type) {
                case USER -> ErrorCode.USER_NOT_FOUND;
                case ROLE -> ErrorCode.ROLE_NOT_FOUND;
                case GROUP -> ErrorCode.GROUP_NOT_FOUND;
                case DEPARTMENT -> ErrorCode.DEPARTMENT_NOT_FOUND;
            };
        }

        /** One grant per resource code (the last one given wins), effect ALLOW unless DENY, actions distinct. */
        static List<ResourceGrant> normalize(List<ResourceGrant> grants) {
            if (grants == null || grants.isEmpty()) {
                throw ApiException.invalid("resources", "at least one resource");
            }
            Map<String, ResourceGrant> byCode = new LinkedHashMap<>();
            for (ResourceGrant grant : grants) {
                if (grant == null || grant.resourceCode() == null || grant.resourceCode().isEmpty()) {
                    throw ApiException.invalid("resources", "every resource needs a code");
                }
                if (grant.actions() == null || grant.actions().isEmpty()
                        || grant.actions().stream().anyMatch(a -> a == null || a.isBlank())) {
                    throw ApiException.invalid("actions", "at least one action");
                }
                if (grant.resourceType() != null && !RESOURCE_TYPES.contains(grant.resourceType())) {
                    throw ApiException.invalid("resourceType", "one of " + RESOURCE_TYPES);
                }
                String effect = grant.effect() == null ? ALLOW : grant.effect();
                if (!ALLOW.equals(effect) && !DENY.equals(effect)) {
                    throw ApiException.invalid("effect", "ALLOW or DENY");
                }
                byCode.remove(grant.resourceCode());
                byCode.put(grant.resourceCode(), new ResourceGrant(grant.resourceCode(),
                        grant.resourceType() == null ? "DATA" : grant.resourceType(),
                        grant.actions().stream().distinct().toList(), effect));
            }
            return List.copyOf(byCode.values());
        }
    }
}
