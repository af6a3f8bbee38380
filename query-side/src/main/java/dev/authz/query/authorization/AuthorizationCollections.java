package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import dev.authz.query.readmodel.OwnedKeys;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The collections of resources and authorization, indexes created at startup:
 * <ul>
 * <li>{@code resources} (+ {@code resource_codes}: pool|resource|namespaceId|code → id);
 * <li>{@code policies}: one document per policy aggregate (a target's grants in a namespace), {@code _id} the
 * policy id, which anyone can derive ({@link dev.authz.api.event.PolicyIds});
 * <li>{@code authz_edges}: who is in what, from the events (group → user, department → user, role → user and
 * role → department with the assignment window), one {@code _id} document per edge;
 * <li>{@code authz_roles} (+ {@code authz_role_codes}) and {@code authz_departments}: what this feature needs
 * of roles and departments (status, code, existence), kept from the events independently of their features;
 * <li>{@code effective_permissions}: per (pool, namespace, user) every grant that reaches the user, with where
 * it comes from, so is-action-allowed is one {@code _id} read.
 * </ul>
 */
@Component
public class AuthorizationCollections {
    private final MongoCollection<Document> resources;
    private final OwnedKeys resourceCodes;
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> edges;
    private final MongoCollection<Document> roles;
    private final OwnedKeys roleCodes;
    private final MongoCollection<Document> departments;
    private final MongoCollection<Document> effective;

    public AuthorizationCollections(MongoDatabase database) {
        resources = database.getCollection("resources");
        resourceCodes = new OwnedKeys(database.getCollection("resource_codes"));
        policies = database.getCollection("policies");
        edges = database.getCollection("authz_edges");
        roles = database.getCollection("authz_roles");
        roleCodes = new OwnedKeys(database.getCollection("authz_role_codes"));
        departments = database.getCollection("authz_departments");
        effective = database.getCollection("effective_permissions");
        resources.createIndex(Indexes.ascending("poolId", "namespaceId", "createdAt"));
        policies.createIndex(Indexes.ascending("targetType", "targetId"));
        policies.createIndex(Indexes.ascending("poolId", "namespaceId", "grants.resourceCode"));
        edges.createIndex(Indexes.ascending("kind", "from"));
        edges.createIndex(Indexes.ascending("kind", "to"));
        effective.createIndex(Indexes.ascending("poolId", "userId"));
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

    public MongoCollection<Document> edges() {
        return edges;
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
