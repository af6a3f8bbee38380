package dev.authz.query.authorization;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.authz.api.event.PolicyIds;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The edges (who is in what) and the effective-permission documents derived from them and the policies.
 * {@link #recompute} rebuilds one user's document in one namespace from the current state: a pure function
 * of that state, so running it again (a redelivered event) changes nothing, and running it after any change
 * of its inputs makes it right.
 */
@Component
public class PermissionGraph {
    static final String GROUP_USER = "GROUP_USER";
    static final String DEPT_USER = "DEPT_USER";
    static final String ROLE_USER = "ROLE_USER";
    static final String ROLE_DEPT = "ROLE_DEPT";
    private static final int CAS_ATTEMPTS = 20;

    private final MongoCollection<Document> edges;
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> roles;
    private final MongoCollection<Document> effective;

    public PermissionGraph(AuthorizationCollections collections) {
        this.edges = collections.edges();
        this.policies = collections.policies();
        this.roles = collections.roles();
        this.effective = collections.effective();
    }

    // ---- edges -------------------------------------------------------------------------------------------

    void link(String kind, String poolId, String from, String to, String namespaceId, Long enableTime, Long endTime) {
        Document edge = edge(kind, poolId, from, to, namespaceId, enableTime, endTime);
        edges.replaceOne(Filters.eq("_id", edge.getString("_id")), edge, new ReplaceOptions().upsert(true));
    }

    private static Document edge(String kind, String poolId, String from, String to, String namespaceId,
                                 Long enableTime, Long endTime) {
        return new Document("_id", kind + "|" + from + "|" + to).append("kind", kind).append("from", from)
                .append("to", to).append("poolId", poolId).append("namespaceId", namespaceId)
                .append("enableTime", enableTime).append("endTime", endTime);
    }

    /** Membership-like edges from one node to many, in one bulk round trip (a 100-member add is one call). */
    void linkAll(String kind, String poolId, String from, List<String> tos) {
        if (tos.isEmpty()) {
            return;
        }
        edges.bulkWrite(tos.stream().<WriteModel<Document>>map(to -> {
            Document edge = edge(kind, poolId, from, to, null, null, null);
            return new ReplaceOneModel<>(Filters.eq("_id", edge.getString("_id")), edge,
                    new ReplaceOptions().upsert(true));
        }).toList());
    }

    void unlink(String kind, String from, String to) {
        edges.deleteOne(Filters.eq("_id", kind + "|" + from + "|" + to));
    }

    void unlinkAllFrom(String kind, String from) {
        edges.deleteMany(Filters.and(Filters.eq("kind", kind), Filters.eq("from", from)));
    }

    void unlinkAllTo(String kind, String to) {
        edges.deleteMany(Filters.and(Filters.eq("kind", kind), Filters.eq("to", to)));
    }

    List<Document> edgesFrom(String kind, String from) {
        return edges.find(Filters.and(Filters.eq("kind", kind), Filters.eq("from", from))).into(new ArrayList<>());
    }

    List<Document> edgesTo(String kind, Bson to) {
        return edges.find(Filters.and(Filters.eq("kind", kind), to)).into(new ArrayList<>());
    }

    Set<String> usersOfGroup(String groupId) {
        return ends(edgesFrom(GROUP_USER, groupId), "to");
    }

    Set<String> usersOfDepartment(String departmentId) {
        return ends(edgesFrom(DEPT_USER, departmentId), "to");
    }

    /** Users assigned the role directly or through a department. */
    Set<String> usersOfRole(String roleId) {
        Set<String> users = ends(edgesFrom(ROLE_USER, roleId), "to");
        for (String departmentId : ends(edgesFrom(ROLE_DEPT, roleId), "to")) {
            users.addAll(usersOfDepartment(departmentId));
        }
        return users;
    }

    /** Namespaces where the target has grants. */
    Set<String> namespacesOf(String targetType, String targetId) {
        Set<String> namespaces = new LinkedHashSet<>();
        policies.find(Filters.and(Filters.eq("targetType", targetType), Filters.eq("targetId", targetId)))
                .forEach(policy -> namespaces.add(policy.getString("namespaceId")));
        return namespaces;
    }

    /** Namespaces where a department matters: its own grants and the roles assigned to it. */
    Set<String> namespacesOfDepartment(String departmentId) {
        Set<String> namespaces = namespacesOf("DEPARTMENT", departmentId);
        edgesTo(ROLE_DEPT, Filters.eq("to", departmentId)).forEach(e -> namespaces.add(e.getString("namespaceId")));
        return namespaces;
    }

    static Set<String> ends(List<Document> found, String end) {
        Set<String> ids = new LinkedHashSet<>();
        found.forEach(edge -> ids.add(edge.getString(end)));
        return ids;
    }

    // ---- effective permissions ----------------------------------------------------------------------------

    void recompute(String poolId, Collection<String> namespaceIds, Collection<String> userIds) {
        for (String namespaceId : namespaceIds) {
            for (String userId : userIds) {
                recompute(poolId, namespaceId, userId);
            }
        }
    }

    /**
     * Rebuilds the user's document with a compare-and-set on its revision: two consumers recomputing the same
     * user (events of different aggregates on different partitions) cannot leave a stale result behind, since
     * the one that read older inputs fails its write and recomputes.
     */
    void recompute(String poolId, String namespaceId, String userId) {
        String id = AuthorizationCollections.effectiveId(poolId, namespaceId, userId);
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Document current = effective.find(Filters.eq("_id", id)).first();
            long revision = current == null ? 0 : current.get("rev", Number.class).longValue();
            Document next = new Document("_id", id).append("poolId", poolId).append("namespaceId", namespaceId)
                    .append("userId", userId).append("rev", revision + 1)
                    .append("grants", grantsReaching(poolId, namespaceId, userId));
            try {
                if (current == null) {
                    effective.insertOne(next);
                    return;
                }
                if (effective.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq("rev", revision)), next)
                        .getMatchedCount() == 1) {
                    return;
                }
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("effective permissions of " + id + " kept changing; retry the event");
    }

    private List<Document> grantsReaching(String poolId, String namespaceId, String userId) {
        List<Document> grants = new ArrayList<>();
        addPolicy(grants, poolId, namespaceId, "USER", userId, new Document("via", "DIRECT"));
        for (String groupId : ends(edgesTo(GROUP_USER, Filters.eq("to", userId)), "from")) {
            addPolicy(grants, poolId, namespaceId, "GROUP", groupId, new Document("via", "GROUP").append("groupId", groupId));
        }
        Set<String> departmentIds = ends(edgesTo(DEPT_USER, Filters.eq("to", userId)), "from");
        for (String departmentId : departmentIds) {
            addPolicy(grants, poolId, namespaceId, "DEPARTMENT", departmentId,
                    new Document("via", "DEPARTMENT").append("departmentId", departmentId));
        }
        for (Document assignment : edgesTo(ROLE_USER, Filters.and(Filters.eq("to", userId),
                Filters.eq("namespaceId", namespaceId)))) {
            addRole(grants, poolId, namespaceId, assignment, new Document("via", "ROLE"));
        }
        if (!departmentIds.isEmpty()) {
            for (Document assignment : edgesTo(ROLE_DEPT, Filters.and(Filters.in("to", departmentIds),
                    Filters.eq("namespaceId", namespaceId)))) {
                addRole(grants, poolId, namespaceId, assignment,
                        new Document("via", "DEPARTMENT_ROLE").append("departmentId", assignment.getString("to")));
            }
        }
        return grants;
    }

    /** A disabled role counts for nobody; its disableTime and the assignment window are checked at read time. */
    private void addRole(List<Document> grants, String poolId, String namespaceId, Document assignment, Document via) {
        String roleId = assignment.getString("from");
        Document role = roles.find(Filters.eq("_id", roleId)).first();
        if (role != null && (Boolean.TRUE.equals(role.getBoolean("deleted")) || "DISABLE".equals(role.getString("status")))) {
            return;
        }
        via.append("roleId", roleId).append("enableTime", assignment.get("enableTime"))
                .append("endTime", assignment.get("endTime"))
                .append("roleDisableTime", role == null ? null : role.get("disableTime"));
        addPolicy(grants, poolId, namespaceId, "ROLE", roleId, via);
    }

    private void addPolicy(List<Document> grants, String poolId, String namespaceId, String targetType,
                           String targetId, Document via) {
        Document policy = policies.find(Filters.eq("_id", PolicyIds.of(poolId, namespaceId, targetType, targetId)))
                .first();
        if (policy == null) {
            return;
        }
        for (Document grant : policy.getList("grants", Document.class, List.of())) {
            grants.add(new Document(grant).append("source", via));
        }
    }
}
