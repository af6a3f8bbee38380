package dev.authz.command.authorization;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.IsSuccess;
import dev.authz.command.authorization.PolicyAggregate.PolicyGrants;
import dev.authz.command.authorization.PolicyCommands.AuthorizeResources;
import dev.authz.command.authorization.PolicyCommands.GrantResources;
import dev.authz.command.authorization.PolicyTargets.TargetType;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.resource.ResourceNamespaces;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * authorize-resources: targets are resolved to ids here (a group or role code to its id, user and
 * department ids as given) so grants survive renames; the policy aggregate checks that each target exists.
 */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "authorization")
public class AuthorizationController {
    private final CommandDispatcher dispatcher;
    private final CodeRegistry codes;
    private final ResourceNamespaces namespaces;

    public AuthorizationController(CommandDispatcher dispatcher, CodeRegistry codes, ResourceNamespaces namespaces) {
        this.dispatcher = dispatcher;
        this.codes = codes;
        this.namespaces = namespaces;
    }

    record ResourceItem(String code, List<String> actions, String resourceType, String effect) {
    }

    record AuthorizeItem(String targetType, List<String> targetIdentifiers, List<ResourceItem> resources) {
    }

    record AuthorizeResourcesRequest(List<AuthorizeItem> list, String namespace) {
    }

    @PostMapping("/authorize-resources")
    @Operation(summary = "Grant actions on resources to users, roles, groups or departments (DENY wins)")
    public ApiResponse<IsSuccess> authorizeResources(@RequestBody AuthorizeResourcesRequest request) {
        String pool = RequestContext.current().poolId();
        String namespaceId = namespaces.idOf(pool, request.namespace());
        // Several items may name the same target: their grants go into that target's one policy.
        Map<String, GrantResources> byPolicy = new LinkedHashMap<>();
        for (AuthorizeItem item : Params.list("list", request.list())) {
            if (item == null) {
                throw ApiException.invalid("list", "null entry");
            }
            TargetType type = PolicyGrants.targetType(item.targetType());
            List<ResourceGrant> grants = PolicyGrants.normalize(Params.list("resources", item.resources()).stream()
                    .map(AuthorizationController::toGrant).toList());
            for (String identifier : Params.list("targetIdentifiers", item.targetIdentifiers())) {
                String targetId = targetId(pool, namespaceId, type, identifier);
                String policyId = PolicyIds.of(pool, namespaceId, type.name(), targetId);
                GrantResources earlier = byPolicy.get(policyId);
                List<ResourceGrant> merged = new ArrayList<>(earlier == null ? List.of() : earlier.grants());
                merged.addAll(grants);
                byPolicy.put(policyId, new GrantResources(policyId, pool, namespaceId, type.name(), targetId,
                        PolicyGrants.normalize(merged)));
            }
        }
        dispatcher.send(new AuthorizeResources(pool, List.copyOf(byPolicy.values())), ErrorCode.RESOURCE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    private String targetId(String pool, String namespaceId, TargetType type, String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw ApiException.invalid("targetIdentifiers", "empty identifier");
        }
        return switch (type) {
            case USER, DEPARTMENT -> identifier;
            case GROUP -> codes.idOf(CodeRegistry.Kind.GROUP, pool, CodeRegistry.POOL_WIDE, identifier)
                    .orElseThrow(() -> new ApiException(ErrorCode.GROUP_NOT_FOUND, identifier));
            case ROLE -> codes.idOf(CodeRegistry.Kind.ROLE, pool, namespaceId, identifier)
                    .orElseThrow(() -> new ApiException(ErrorCode.ROLE_NOT_FOUND, identifier));
        };
    }

    private static ResourceGrant toGrant(ResourceItem item) {
        if (item == null) {
            throw ApiException.invalid("resources", "null entry");
        }
        return new ResourceGrant(item.code(), item.resourceType(), item.actions(), item.effect());
    }
}
