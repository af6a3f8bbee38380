package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.authorization.PermissionRules;
import dev.authz.api.authorization.PermissionRules.Filter;
import dev.authz.api.authorization.PermissionRules.ResourceDetails;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.web.AuthorizedResourceDto;
import dev.authz.api.web.Page;
import dev.authz.query.readmodel.ById;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** One {@code _id} read of the user's effective document; a DENY that matches wins over every ALLOW. */
    public boolean isAllowed(String poolId, String namespaceId, String userId, String action, String resource,
                             long now) {
        return PermissionRules.isAllowed(grantsOf(activeGrants(poolId, namespaceId, userId, now)), action, resource);
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
        return PermissionRules.toDtos(grantsOf(grants), filter, code -> resource(poolId, namespaceId, code)
                .map(r -> new ResourceDetails(r.getString("description"), r.getString("apiIdentifier"))).orElse(null));
    }

    private static List<ResourceGrant> grantsOf(List<Document> grants) {
        return grants.stream().map(g -> new ResourceGrant(g.getString("resourceCode"), g.getString("resourceType"),
                g.getList("actions", String.class, List.of()), g.getString("effect"))).toList();
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

    private static boolean active(Document source, long now) {
        if (source == null) {
            return true;
        }
        return PermissionRules.active(source.get("enableTime", Number.class), source.get("endTime", Number.class),
                source.get("roleDisableTime", Number.class), now);
    }
}
