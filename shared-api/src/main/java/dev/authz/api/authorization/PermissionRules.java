package dev.authz.api.authorization;

import dev.authz.api.error.ApiException;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.web.AuthorizedResourceDto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a set of grants means: which resource a grant covers, when a grant reached through a role counts, how
 * grants become the SDK's AuthorizedResourceDto list, and that a matching DENY wins. One implementation for the
 * live read model (query side) and the time-travel model (command side), so "as of now" and "now" cannot differ.
 */
public final class PermissionRules {
    public static final Set<String> RESOURCE_TYPES = Set.of("DATA", "API", "MENU", "BUTTON", "UI");

    private PermissionRules() {
    }

    /** A listing's resourceType parameter: absent or empty lists every type; anything else must be a type. */
    public static String resourceTypeFilter(String resourceType) {
        if (resourceType == null || resourceType.isEmpty()) {
            return null;
        }
        if (!RESOURCE_TYPES.contains(resourceType)) {
            throw ApiException.invalid("resourceType", "one of " + RESOURCE_TYPES);
        }
        return resourceType;
    }

    /** What to list: a resource type, code prefixes ({@code books:*} or {@code books:}), denied grants too. */
    public record Filter(String resourceType, List<String> resourceList, boolean withDenied) {
        public static final Filter ALL_ALLOWED = new Filter(null, null, false);
    }

    /** What a resource says about itself in a listing; null when no live resource has the code. */
    public record ResourceDetails(String description, String apiIdentifier) {
    }

    /** Exact code, {@code *}, or a code ending in {@code *} matching by prefix. */
    public static boolean matches(String grantedCode, String resource) {
        if (grantedCode.equals(resource) || "*".equals(grantedCode)) {
            return true;
        }
        return grantedCode.endsWith("*") && resource.startsWith(grantedCode.substring(0, grantedCode.length() - 1));
    }

    public static boolean grantsAction(List<String> actions, String action) {
        return actions.contains("*") || actions.contains(action);
    }

    /**
     * Whether a grant counts at {@code now}: inside its assignment window ({@code enableTime <= now < endTime})
     * and before its role's disable time; null bounds are open. Direct, group and department grants have none.
     */
    public static boolean active(Number enableTime, Number endTime, Number roleDisableTime, long now) {
        return (enableTime == null || enableTime.longValue() <= now) && (endTime == null || now < endTime.longValue())
                && (roleDisableTime == null || now < roleDisableTime.longValue());
    }

    /** A DENY that matches wins over every ALLOW. */
    public static boolean isAllowed(List<ResourceGrant> grants, String action, String resource) {
        boolean allowed = false;
        for (ResourceGrant grant : grants) {
            if (matches(grant.resourceCode(), resource) && grantsAction(grant.actions(), action)) {
                if ("DENY".equals(grant.effect())) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** One entry per (code, effect) in the order first reached, actions merged, resource details added. */
    public static List<AuthorizedResourceDto> toDtos(List<ResourceGrant> grants, Filter filter,
                                                     Function<String, ResourceDetails> resources) {
        Map<String, AuthorizedResourceDto> merged = new LinkedHashMap<>();
        for (ResourceGrant grant : grants) {
            String code = grant.resourceCode();
            String effect = grant.effect();
            if ((!filter.withDenied() && "DENY".equals(effect))
                    || (filter.resourceType() != null && !filter.resourceType().equals(grant.resourceType()))
                    || !inList(code, filter.resourceList())) {
                continue;
            }
            AuthorizedResourceDto earlier = merged.get(code + "|" + effect);
            Set<String> actions = new LinkedHashSet<>(earlier == null ? List.of() : earlier.actions());
            actions.addAll(grant.actions() == null ? List.of() : grant.actions());
            ResourceDetails resource = resources.apply(code);
            merged.put(code + "|" + effect, new AuthorizedResourceDto(code,
                    resource == null ? null : resource.description(), List.of(), grant.resourceType(),
                    resource == null ? null : resource.apiIdentifier(), List.copyOf(actions), effect));
        }
        return new ArrayList<>(merged.values());
    }

    /** resourceList entries are prefixes: {@code books:*} and {@code books:} both match {@code books:123}. */
    private static boolean inList(String code, List<String> resourceList) {
        if (resourceList == null || resourceList.isEmpty()) {
            return true;
        }
        for (String entry : resourceList) {
            String prefix = entry.endsWith("*") ? entry.substring(0, entry.length() - 1) : entry;
            if (code.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
