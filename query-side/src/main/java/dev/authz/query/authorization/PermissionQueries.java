package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.web.AuthorizedResourceDto;
import dev.authz.api.web.Page;
import dev.authz.query.readmodel.ById;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads of grants and effective permissions, always within one pool and namespace. */
@Component
public class PermissionQueries {
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> effective;
    private final MongoCollection<Document> roles;
    private final MongoCollection<Document> departments;
    private final AuthorizationCollections collections;

    public PermissionQueries(AuthorizationCollections collections) {
        this.collections = collections;
        this.policies = collections.policies();
        this.effective = collections.effective();
        this.roles = collections.roles();
        this.departments = collections.departments();
    }

    /** What to list: a resource type, code prefixes ({@code books:*} or {@code books:}), denied grants too. */
    public record Filter(String resourceType, List<String> resourceList, boolean withDenied) {
        public static final Filter ALL_ALLOWED = new Filter(null, null, false);
    }

    /** One {@code _id} read of the user's effective document; a DENY that matches wins over every ALLOW. */
    public boolean isAllowed(String poolId, String namespaceId, String userId, String action, String resource,
                             long now) {
        boolean allowed = false;
        for (Document grant : activeGrants(poolId, namespaceId, userId, now)) {
            if (matches(grant.getString("resourceCode"), resource) && grantsAction(grant, action)) {
                if ("DENY".equals(grant.getString("effect"))) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** Every grant reaching the user now: direct, groups, departments, roles (windows and role state checked). */
    public List<Document> activeGrants(String poolId, String namespaceId, String userId, long now) {
        Document doc = effective.find(Filters.eq("_id",
                AuthorizationCollections.effectiveId(poolId, namespaceId, userId))).first();
        Document state = doc == null ? null : doc.get("state", Document.class);
        if (state == null) {
            return List.of();
        }
        return state.getList("grants", Document.class, List.of()).stream()
                .filter(grant -> active(grant.get("source", Document.class), now)).toList();
    }

    /** The target's own grants. */
    public List<Document> policyGrants(String poolId, String namespaceId, String targetType, String targetId) {
        Document policy = policies.find(Filters.eq("_id", PolicyIds.of(poolId, namespaceId, targetType, targetId)))
                .first();
        return policy == null ? List.of() : policy.getList("grants", Document.class, List.of());
    }

    /** Grants as AuthorizedResourceDto: one entry per (code, effect), actions merged, resource details added. */
    public List<AuthorizedResourceDto> toDtos(String poolId, String namespaceId, List<Document> grants, Filter filter) {
        Map<String, AuthorizedResourceDto> merged = new LinkedHashMap<>();
        for (Document grant : grants) {
            String code = grant.getString("resourceCode");
            String effect = grant.getString("effect");
            if ((!filter.withDenied() && "DENY".equals(effect))
                    || (filter.resourceType() != null && !filter.resourceType().equals(grant.getString("resourceType")))
                    || !inList(code, filter.resourceList())) {
                continue;
            }
            AuthorizedResourceDto earlier = merged.get(code + "|" + effect);
            Set<String> actions = new LinkedHashSet<>(earlier == null ? List.of() : earlier.actions());
            actions.addAll(grant.getList("actions", String.class, List.of()));
            Optional<Document> resource = resource(poolId, namespaceId, code);
            merged.put(code + "|" + effect, new AuthorizedResourceDto(code,
                    resource.map(r -> r.getString("description")).orElse(null), List.of(),
                    grant.getString("resourceType"), resource.map(r -> r.getString("apiIdentifier")).orElse(null),
                    List.copyOf(actions), effect));
        }
        return new ArrayList<>(merged.values());
    }

    public Optional<Document> resource(String poolId, String namespaceId, String code) {
        return collections.resourceCodes().holderOf(AuthorizationCollections.resourceCodeKey(poolId, namespaceId, code),
                collections.resources(), poolId, code);
    }

    /** The live role with this code in the namespace. */
    public Optional<Document> role(String poolId, String namespaceId, String code) {
        return collections.roleCodes().holderOf(AuthorizationCollections.roleCodeKey(poolId, namespaceId, code),
                        roles, poolId, code)
                .filter(role -> !Boolean.TRUE.equals(role.getBoolean("deleted")));
    }

    public Document roleById(String roleId) {
        return roles.find(Filters.eq("_id", roleId)).first();
    }

    public boolean departmentExists(String poolId, String departmentId) {
        return ById.find(departments, departmentId, poolId)
                .filter(department -> !Boolean.TRUE.equals(department.getBoolean("deleted"))).isPresent();
    }

    /** A target granted this exact resource code: (targetType, targetId, actions). */
    public record GrantedTarget(String targetType, String targetId, List<String> actions) {
    }

    public Page<GrantedTarget> targets(String poolId, String namespaceId, String resource, String targetType,
                                       int page, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("poolId", poolId),
                Filters.eq("namespaceId", namespaceId), Filters.eq("grants.resourceCode", resource)));
        if (targetType != null) {
            filters.add(Filters.eq("targetType", targetType));
        }
        Bson filter = Filters.and(filters);
        List<GrantedTarget> list = new ArrayList<>();
        policies.find(filter).sort(Sorts.ascending("_id")).skip((page - 1) * limit).limit(limit).forEach(policy ->
                policy.getList("grants", Document.class, List.of()).stream()
                        .filter(g -> resource.equals(g.getString("resourceCode")) && !"DENY".equals(g.getString("effect")))
                        .findFirst().ifPresent(g -> list.add(new GrantedTarget(policy.getString("targetType"),
                                policy.getString("targetId"), g.getList("actions", String.class, List.of())))));
        return new Page<>(policies.countDocuments(filter), list);
    }

    /** Exact code, {@code *}, or a code ending in {@code *} matching by prefix. */
    static boolean matches(String grantedCode, String resource) {
        if (grantedCode.equals(resource) || "*".equals(grantedCode)) {
            return true;
        }
        return grantedCode.endsWith("*") && resource.startsWith(grantedCode.substring(0, grantedCode.length() - 1));
    }

    private static boolean grantsAction(Document grant, String action) {
        List<String> actions = grant.getList("actions", String.class, List.of());
        return actions.contains("*") || actions.contains(action);
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

    private static boolean active(Document source, long now) {
        if (source == null) {
            return true;
        }
        Number enable = source.get("enableTime", Number.class);
        Number end = source.get("endTime", Number.class);
        Number disable = source.get("roleDisableTime", Number.class);
        return (enable == null || enable.longValue() <= now) && (end == null || now < end.longValue())
                && (disable == null || now < disable.longValue());
    }
}
