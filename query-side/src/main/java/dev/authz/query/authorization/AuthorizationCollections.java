package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The collections of resources and authorization. Everything the event path and is-action-allowed read or write
 * is addressed by {@code _id} (equality or {@code $in}), so it costs the same on real MongoDB and on servers
 * without secondary indexes (mongo-java-server):
 * <ul>
 * <li>{@code resources} (+ {@code resource_codes}: pool|resource|namespaceId|code → id);
 * <li>{@code policies}: one document per policy aggregate (a target's grants in a namespace), {@code _id} the
 * policy id, which anyone can derive ({@link dev.authz.api.event.PolicyIds});
 * <li>{@code authz_grant_namespaces} ({@link GrantNamespaces}): per target, the namespaces where it has grants,
 * so a target's policies are found without a query on the policies;
 * <li>{@code authz_links} ({@link UserLinks}): per user, its groups, departments and role assignments;
 * <li>{@code authz_member_sets} + {@code authz_member_buckets} ({@link MemberSets}): per group, department and
 * role, who holds it (users; for roles also departments), for the fan-out of a change to every holder;
 * <li>{@code authz_roles} (+ {@code authz_role_codes}) and {@code authz_departments}: what this feature needs
 * of roles (status, code, deletion) and departments (existence, role assignments), kept from the events
 * independently of their features;
 * <li>{@code effective_permissions} ({@link PermissionGraph}): per (pool, namespace, user) every grant that
 * reaches the user, with where it comes from, so is-action-allowed is one {@code _id} read; {@code
 * effective_clocks} orders concurrent recomputes of one namespace.
 * </ul>
 */
@Component
public class AuthorizationCollections {
    private final MongoCollection<Document> resources;
    private final OwnedKeys resourceCodes;
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> grantNamespaces;
    private final MongoCollection<Document> links;
    private final MongoCollection<Document> memberSets;
    private final MongoCollection<Document> memberBuckets;
    private final MongoCollection<Document> roles;
    private final OwnedKeys roleCodes;
    private final MongoCollection<Document> departments;
    private final MongoCollection<Document> effective;
    private final MongoCollection<Document> effectiveClocks;

    public AuthorizationCollections(ReadModel readModel) {
        resources = readModel.collection("resources");
        resourceCodes = new OwnedKeys(readModel.collection("resource_codes"));
        policies = readModel.collection("policies");
        grantNamespaces = readModel.collection("authz_grant_namespaces");
        links = readModel.collection("authz_links");
        memberSets = readModel.collection("authz_member_sets");
        memberBuckets = readModel.collection("authz_member_buckets");
        roles = readModel.collection("authz_roles");
        roleCodes = new OwnedKeys(readModel.collection("authz_role_codes"));
        departments = readModel.collection("authz_departments");
        effective = readModel.collection("effective_permissions");
        effectiveClocks = readModel.collection("effective_clocks");
        // For the list reads only (list-resources, get-resource-authorized-targets); nothing on the event path.
        resources.createIndex(Indexes.ascending("poolId", "namespaceId", "createdAt", "_id"));
        policies.createIndex(Indexes.ascending("poolId", "namespaceId", "grants.resourceCode"));
    }

    public MongoCollection<Document> resources() {
        return resources;
    }

    public OwnedKeys resourceCodes() {
        return resourceCodes;
    }

    public MongoCollection<Document> policies() {
        return policies;
    }

    public MongoCollection<Document> grantNamespaces() {
        return grantNamespaces;
    }

    public MongoCollection<Document> links() {
        return links;
    }

    public MongoCollection<Document> memberSets() {
        return memberSets;
    }

    public MongoCollection<Document> memberBuckets() {
        return memberBuckets;
    }

    public MongoCollection<Document> roles() {
        return roles;
    }

    public OwnedKeys roleCodes() {
        return roleCodes;
    }

    public MongoCollection<Document> departments() {
        return departments;
    }

    public MongoCollection<Document> effective() {
        return effective;
    }

    public MongoCollection<Document> effectiveClocks() {
        return effectiveClocks;
    }

    static String resourceCodeKey(String poolId, String namespaceId, String code) {
        return OwnedKeys.key(poolId, "resource", namespaceId + "|" + code);
    }

    static String roleCodeKey(String poolId, String namespaceId, String code) {
        return OwnedKeys.key(poolId, "role", namespaceId + "|" + code);
    }

    static String effectiveId(String poolId, String namespaceId, String userId) {
        return poolId + "|" + namespaceId + "|" + userId;
    }
}
