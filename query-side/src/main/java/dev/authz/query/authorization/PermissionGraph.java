package dev.authz.query.authorization;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.PolicyIds;
import dev.authz.query.authorization.GrantNamespaces.Target;
import dev.authz.query.authorization.MemberSets.Kind;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who reaches what, and the effective-permission documents derived from it. The inputs, all read by {@code _id}:
 * <ul>
 * <li>per user ({@code authz_links}, {@code _id = pool|userId}): {@code groups.<groupId>}, {@code
 * departments.<departmentId>}, {@code roles.<roleId>} = the assignment ({@code namespaceId, enableTime,
 * endTime}), and {@code deleted} once the user is gone;
 * <li>per department ({@code authz_departments}, {@code _id = departmentId}): {@code roles.<roleId>} likewise, and
 * {@code deleted};
 * <li>per role ({@code authz_roles}): status, disableTime, deleted;
 * <li>the policies of the user, of its groups, departments and live roles, by their derived ids.
 * </ul>
 *
 * <p>{@link #recompute} rebuilds a user's document in a namespace from the current inputs: a pure function of
 * them, so running it again (a redelivered event) changes nothing, and running it after any change of its inputs
 * makes it right. Two consumers may recompute the same user at once (events of different aggregates on different
 * partitions), so each round of recomputes first takes a ticket from the namespace's clock ({@code
 * effective_clock}, one {@code findOneAndUpdate $inc} by {@code _id}) and only then reads the inputs; results are
 * written with {@code $max} on {@code state = {t: ticket, grants}}, which keeps the result of the highest ticket.
 * A higher ticket was taken after the increment that produced a lower one, so the highest ticket has read inputs
 * newer than every change whose own recompute took a ticket: no stale result survives, without a compare-and-set
 * filter beside {@code _id} (which servers without secondary indexes would answer by a collection scan) and
 * without retries. The clock is an ordering stamp, not a count: an extra increment (a redelivery) only makes
 * later tickets higher.
 *
 * <p>Users are recomputed {@value #BATCH} at a time: a round is six round trips whatever its size (the ticket,
 * four {@code _id $in} reads, one bulk write).
 */
@Component
public class PermissionGraph {
    static final int BATCH = 500;
    static final String GROUPS = "groups";
    static final String DEPARTMENTS = "departments";
    static final String ROLES = "roles";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> links;
    private final MongoCollection<Document> departments;
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> roles;
    private final MongoCollection<Document> effective;
    private final MongoCollection<Document> clocks;
    private final MemberSets members;
    private final GrantNamespaces grantNamespaces;

    PermissionGraph(AuthorizationCollections collections, MemberSets members, GrantNamespaces grantNamespaces) {
        this.links = collections.links();
        this.departments = collections.departments();
        this.policies = collections.policies();
        this.roles = collections.roles();
        this.effective = collections.effective();
        this.clocks = collections.effectiveClocks();
        this.members = members;
        this.grantNamespaces = grantNamespaces;
    }

    static String linksId(String poolId, String userId) {
        return poolId + "|" + userId;
    }

    static List<String> linksIds(String poolId, Collection<String> userIds) {
        return userIds.stream().map(u -> linksId(poolId, u)).toList();
    }

    /** An assignment of a role, as kept in a user's or a department's {@code roles} map. */
    static Document assignment(String namespaceId, Long enableTime, Long endTime) {
        return new Document("namespaceId", namespaceId).append("enableTime", enableTime).append("endTime", endTime);
    }

    /**
     * A revoked assignment: kept as a tombstone, not removed, so that a membership leaving its holder at the same
     * time on another partition still finds the role's namespace (see {@link PermissionProjection}); it grants
     * nothing.
     */
    static Document revokedAssignment(String namespaceId) {
        return new Document("namespaceId", namespaceId).append("revoked", true);
    }

    Document linksOf(String poolId, String userId) {
        return links.find(Filters.eq("_id", linksId(poolId, userId))).first();
    }

    Document department(String departmentId) {
        return departments.find(Filters.eq("_id", departmentId)).first();
    }

    // ---- who is reached ----------------------------------------------------------------------------------

    /** The users a target's grants reach, in batches: a role reaches its users and its departments' members. */
    void forEachUserBatch(String poolId, Target target, Consumer<List<String>> action) {
        switch (target.type()) {
            case "USER" -> action.accept(List.of(target.id()));
            case "GROUP" -> members.forEachBatch(poolId, Kind.GROUP_USERS, target.id(), BATCH, action);
            case "DEPARTMENT" -> members.forEachBatch(poolId, Kind.DEPARTMENT_USERS, target.id(), BATCH, action);
            case "ROLE" -> {
                members.forEachBatch(poolId, Kind.ROLE_USERS, target.id(), BATCH, action);
                members.forEachBatch(poolId, Kind.ROLE_DEPARTMENTS, target.id(), BATCH, departmentIds ->
                        departmentIds.forEach(departmentId -> members.forEachBatch(poolId, Kind.DEPARTMENT_USERS,
                                departmentId, BATCH, action)));
            }
            default -> {
            }
        }
    }

    /** Recomputes, in these namespaces, every user the target's grants reach. */
    void recomputeTarget(String poolId, Collection<String> namespaceIds, Target target) {
        if (!namespaceIds.isEmpty()) {
            forEachUserBatch(poolId, target, batch -> recompute(poolId, namespaceIds, batch));
        }
    }

    /** Namespaces where a department matters: its own grants and those of the roles assigned to it. */
    Set<String> namespacesOfDepartment(String poolId, String departmentId) {
        Set<String> namespaces = grantNamespaces.of(poolId, new Target("DEPARTMENT", departmentId));
        namespaces.addAll(assignedNamespaces(department(departmentId)));
        return namespaces;
    }

    /** Namespaces where a user may have an effective document: wherever anything it is linked to has grants. */
    Set<String> namespacesOfUser(String poolId, String userId) {
        Document userLinks = linksOf(poolId, userId);
        List<Target> targets = new ArrayList<>(List.of(new Target("USER", userId)));
        MapFields.ids(userLinks, GROUPS).forEach(g -> targets.add(new Target("GROUP", g)));
        List<String> departmentIds = MapFields.ids(userLinks, DEPARTMENTS);
        departmentIds.forEach(d -> targets.add(new Target("DEPARTMENT", d)));
        Set<String> namespaces = grantNamespaces.ofAll(poolId, targets);
        namespaces.addAll(assignedNamespaces(userLinks));
        if (!departmentIds.isEmpty()) {
            departments.find(Filters.in("_id", departmentIds)).forEach(d -> namespaces.addAll(assignedNamespaces(d)));
        }
        return namespaces;
    }

    private static Set<String> assignedNamespaces(Document holder) {
        Set<String> namespaces = new LinkedHashSet<>();
        Document assigned = holder == null ? null : holder.get(ROLES, Document.class);
        if (assigned != null) {
            assigned.values().forEach(a -> namespaces.add(((Document) a).getString("namespaceId")));
        }
        return namespaces;
    }

    // ---- effective permissions ----------------------------------------------------------------------------

    void recompute(String poolId, Collection<String> namespaceIds, Collection<String> userIds) {
        List<String> users = List.copyOf(new LinkedHashSet<>(userIds));
        for (String namespaceId : namespaceIds) {
            for (int from = 0; from < users.size(); from += BATCH) {
                recomputeBatch(poolId, namespaceId, users.subList(from, Math.min(users.size(), from + BATCH)));
            }
        }
    }

    private void recomputeBatch(String poolId, String namespaceId, List<String> userIds) {
        compute(poolId, namespaceId, userIds).write();
    }

    /**
     * The first half of a recompute: takes a ticket, reads the inputs, computes the documents. Apart so that
     * a test can hold a computed result back while the inputs change, as a slow consumer would.
     */
    Computed compute(String poolId, String namespaceId, List<String> userIds) {
        long ticket = takeTicket(poolId, namespaceId);
        Inputs inputs = new Inputs(poolId, namespaceId);
        inputs.read(userIds);
        List<UpdateOneModel<Document>> writes = new ArrayList<>();
        for (String userId : userIds) {
            Document state = new Document("t", ticket).append("grants", inputs.grantsReaching(userId));
            writes.add(new UpdateOneModel<>(Filters.eq("_id",
                    AuthorizationCollections.effectiveId(poolId, namespaceId, userId)),
                    Updates.combine(Updates.max("state", state), Updates.setOnInsert("poolId", poolId),
                            Updates.setOnInsert("namespaceId", namespaceId), Updates.setOnInsert("userId", userId)),
                    UPSERT));
        }
        return new Computed(writes);
    }

    /** Computed documents, not written yet: {@code $max} keeps whichever result carries the higher ticket. */
    final class Computed {
        private final List<UpdateOneModel<Document>> writes;

        private Computed(List<UpdateOneModel<Document>> writes) {
            this.writes = writes;
        }

        void write() {
            try {
                effective.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                // Two consumers created the same document at once: it exists now, so the losers' $max applies.
                List<UpdateOneModel<Document>> again = new ArrayList<>();
                for (BulkWriteError error : e.getWriteErrors()) {
                    if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    again.add(writes.get(error.getIndex()));
                }
                effective.bulkWrite(again, new BulkWriteOptions().ordered(false));
            }
        }
    }

    /** The next ticket of the namespace's clock: unique, and higher than every ticket taken before. */
    private long takeTicket(String poolId, String namespaceId) {
        Document clock = clocks.findOneAndUpdate(Filters.eq("_id", poolId + "|" + namespaceId),
                Updates.combine(Updates.inc("ticket", 1L), Updates.setOnInsert("poolId", poolId)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return clock.get("ticket", Number.class).longValue();
    }

    /** The inputs of one batch of users in one namespace, read with one {@code _id $in} per collection. */
    private final class Inputs {
        private final String poolId;
        private final String namespaceId;
        private final Map<String, Document> linksByUser = new HashMap<>(); // by links id
        private final Map<String, Document> liveDepartments = new HashMap<>();
        private final Map<String, Document> rolesById = new HashMap<>();
        private final Map<String, Document> policiesById = new HashMap<>();
        private final Map<String, String> policyIds = new HashMap<>();

        Inputs(String poolId, String namespaceId) {
            this.poolId = poolId;
            this.namespaceId = namespaceId;
        }

        void read(List<String> userIds) {
            links.find(Filters.in("_id", linksIds(poolId, userIds)))
                    .forEach(doc -> linksByUser.put(doc.getString("_id"), doc));
            Set<String> departmentIds = new LinkedHashSet<>();
            linksByUser.values().forEach(l -> departmentIds.addAll(MapFields.ids(l, DEPARTMENTS)));
            if (!departmentIds.isEmpty()) {
                departments.find(Filters.in("_id", departmentIds)).forEach(d -> {
                    if (!Boolean.TRUE.equals(d.getBoolean("deleted"))) {
                        liveDepartments.put(d.getString("_id"), d);
                    }
                });
            }
            Set<String> roleIds = new LinkedHashSet<>();
            linksByUser.values().forEach(l -> roleIds.addAll(rolesHere(l)));
            liveDepartments.values().forEach(d -> roleIds.addAll(rolesHere(d)));
            if (!roleIds.isEmpty()) {
                roles.find(Filters.in("_id", roleIds)).forEach(r -> rolesById.put(r.getString("_id"), r));
            }
            Set<String> wanted = new LinkedHashSet<>();
            for (String userId : userIds) {
                wanted.add(policyId("USER", userId));
                Document userLinks = linksByUser.get(linksId(poolId, userId));
                MapFields.ids(userLinks, GROUPS).forEach(g -> wanted.add(policyId("GROUP", g)));
                MapFields.ids(userLinks, DEPARTMENTS).forEach(d -> wanted.add(policyId("DEPARTMENT", d)));
            }
            roleIds.forEach(r -> wanted.add(policyId("ROLE", r)));
            policies.find(Filters.in("_id", wanted)).forEach(p -> policiesById.put(p.getString("_id"), p));
        }

        /** The roles a user or department is assigned in this namespace (revoked assignments left out). */
        private List<String> rolesHere(Document holder) {
            return MapFields.ids(holder, ROLES).stream().filter(r -> {
                Document assignment = MapFields.entry(holder, ROLES, r);
                return namespaceId.equals(assignment.getString("namespaceId"))
                        && !Boolean.TRUE.equals(assignment.getBoolean("revoked"));
            }).toList();
        }

        List<Document> grantsReaching(String userId) {
            Document userLinks = linksByUser.get(linksId(poolId, userId));
            List<Document> grants = new ArrayList<>();
            if (userLinks != null && Boolean.TRUE.equals(userLinks.getBoolean("deleted"))) {
                return grants;
            }
            addPolicy(grants, "USER", userId, new Document("via", "DIRECT"));
            for (String groupId : MapFields.ids(userLinks, GROUPS)) {
                addPolicy(grants, "GROUP", groupId, new Document("via", "GROUP").append("groupId", groupId));
            }
            List<Document> memberOf = new ArrayList<>();
            for (String departmentId : MapFields.ids(userLinks, DEPARTMENTS)) {
                Document department = liveDepartments.get(departmentId);
                if (department != null) {
                    memberOf.add(department);
                    addPolicy(grants, "DEPARTMENT", departmentId,
                            new Document("via", "DEPARTMENT").append("departmentId", departmentId));
                }
            }
            for (String roleId : rolesHere(userLinks)) {
                addRole(grants, roleId, MapFields.entry(userLinks, ROLES, roleId), new Document("via", "ROLE"));
            }
            for (Document department : memberOf) {
                for (String roleId : rolesHere(department)) {
                    addRole(grants, roleId, MapFields.entry(department, ROLES, roleId), new Document("via",
                            "DEPARTMENT_ROLE").append("departmentId", department.getString("_id")));
                }
            }
            return grants;
        }

        /** A disabled or deleted role counts for nobody; its disableTime and the window are checked at read time. */
        private void addRole(List<Document> grants, String roleId, Document assignment, Document via) {
            Document role = rolesById.get(roleId);
            if (role != null && (Boolean.TRUE.equals(role.getBoolean("deleted"))
                    || "DISABLE".equals(role.getString("status")))) {
                return;
            }
            via.append("roleId", roleId).append("enableTime", assignment.get("enableTime"))
                    .append("endTime", assignment.get("endTime"))
                    .append("roleDisableTime", role == null ? null : role.get("disableTime"));
            addPolicy(grants, "ROLE", roleId, via);
        }

        private void addPolicy(List<Document> grants, String targetType, String targetId, Document via) {
            Document policy = policiesById.get(policyId(targetType, targetId));
            if (policy == null) {
                return;
            }
            for (Document grant : policy.getList("grants", Document.class, List.of())) {
                grants.add(new Document(grant).append("source", via));
            }
        }

        private String policyId(String targetType, String targetId) {
            return policyIds.computeIfAbsent(targetType + "|" + targetId,
                    key -> PolicyIds.of(poolId, namespaceId, targetType, targetId));
        }
    }
}
