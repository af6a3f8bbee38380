package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.ResourceAuthorizationsRevoked;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserDeleted;
import dev.authz.query.authorization.GrantNamespaces.Target;
import dev.authz.query.authorization.MemberSets.Kind;
import dev.authz.query.consumer.Projection;
import dev.authz.query.readmodel.OwnedKeys;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.authz.query.authorization.PermissionGraph.DEPARTMENTS;
import static dev.authz.query.authorization.PermissionGraph.GROUPS;
import static dev.authz.query.authorization.PermissionGraph.ROLES;

/**
 * Policies, links, member sets, the role and department facts this feature needs, and the effective permissions
 * of every user they reach. Each event first updates its own facts (single-document, idempotent {@code $set}/
 * {@code $unset} by {@code _id}), then recomputes the documents of the users it can affect, before the event counts
 * as applied: a write's read-your-writes wait therefore covers is-action-allowed too.
 *
 * <p>What moves the answer recomputes exactly the users it reaches, in the namespaces where it matters: a
 * membership change its members in the namespaces where the group/department/role has grants; a grant the target's
 * holders in its namespace; a role status or disableTime change, a deletion, every holder. A rename recomputes
 * nobody (grants follow ids; codes resolve to ids at read time). Facts are always written before the recompute
 * that reads them, and fan-outs enumerate holders after writing, so two events of different aggregates applied
 * at once on two partitions cannot both miss each other (see {@link PermissionGraph} for concurrent recomputes).
 * Deletions first tombstone or unlink, then recompute, then drop the leftovers: a redelivery after a crash
 * anywhere in between finds the holders still listed and finishes the job.
 */
@Component
public class PermissionProjection implements Projection {
    private final PermissionGraph graph;
    private final MemberSets members;
    private final GrantNamespaces grantNamespaces;
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> links;
    private final MongoCollection<Document> roles;
    private final OwnedKeys roleCodes;
    private final MongoCollection<Document> departments;

    public PermissionProjection(AuthorizationCollections collections, PermissionGraph graph, MemberSets members,
                                GrantNamespaces grantNamespaces) {
        this.graph = graph;
        this.members = members;
        this.grantNamespaces = grantNamespaces;
        this.policies = collections.policies();
        this.links = collections.links();
        this.roles = collections.roles();
        this.roleCodes = collections.roleCodes();
        this.departments = collections.departments();
    }

    @Override
    public void apply(DomainEvent event, Instant at) {
        if (event instanceof ResourcesAuthorized authorized) {
            authorized(authorized);
        } else if (event instanceof ResourceAuthorizationsRevoked revoked) {
            revoked(revoked);
        } else if (event instanceof GroupMembersAdded added) {
            joined(added.poolId(), Kind.GROUP_USERS, GROUPS, added.groupId(), added.userIds(),
                    () -> grantNamespaces.of(added.poolId(), new Target("GROUP", added.groupId())));
        } else if (event instanceof GroupMembersRemoved removed) {
            left(removed.poolId(), Kind.GROUP_USERS, GROUPS, removed.groupId(), removed.userIds(),
                    () -> grantNamespaces.of(removed.poolId(), new Target("GROUP", removed.groupId())));
        } else if (event instanceof GroupDeleted deleted) {
            Target group = new Target("GROUP", deleted.groupId());
            everyoneLeaves(deleted.poolId(), Kind.GROUP_USERS, GROUPS, deleted.groupId(),
                    () -> grantNamespaces.of(deleted.poolId(), group));
            dropPolicies(deleted.poolId(), group);
        } else if (event instanceof DepartmentCreated created) {
            // deleted=false as when a role assignment creates the document first: the same result in either order.
            departments.updateOne(Filters.eq("_id", created.departmentId()), Updates.combine(
                    Updates.set("poolId", created.poolId()), Updates.setOnInsert("deleted", false)),
                    new UpdateOptions().upsert(true));
        } else if (event instanceof DepartmentMembersAdded added) {
            joined(added.poolId(), Kind.DEPARTMENT_USERS, DEPARTMENTS, added.departmentId(), added.userIds(),
                    () -> graph.namespacesOfDepartment(added.poolId(), added.departmentId()));
        } else if (event instanceof DepartmentMembersRemoved removed) {
            left(removed.poolId(), Kind.DEPARTMENT_USERS, DEPARTMENTS, removed.departmentId(), removed.userIds(),
                    () -> graph.namespacesOfDepartment(removed.poolId(), removed.departmentId()));
        } else if (event instanceof DepartmentDeleted deleted) {
            // The tombstone takes the department out of every recompute from now on; its role assignments end
            // with RoleRevoked events on the roles' own streams.
            departments.updateOne(Filters.eq("_id", deleted.departmentId()), Updates.set("deleted", true),
                    new UpdateOptions().upsert(true));
            everyoneLeaves(deleted.poolId(), Kind.DEPARTMENT_USERS, DEPARTMENTS, deleted.departmentId(),
                    () -> graph.namespacesOfDepartment(deleted.poolId(), deleted.departmentId()));
            dropPolicies(deleted.poolId(), new Target("DEPARTMENT", deleted.departmentId()));
        } else if (event instanceof RoleCreated created) {
            writeRole(created.roleId(), created.poolId(), created.namespaceId(), created.code(), created.status(),
                    created.disableTime(), Updates.set("fannedOut", roleState(created.status(), created.disableTime())));
            roleCodes.claim(created.poolId(), AuthorizationCollections.roleCodeKey(created.poolId(),
                    created.namespaceId(), created.code()), created.roleId(), at);
        } else if (event instanceof RoleUpdated updated) {
            roleUpdated(updated, at);
        } else if (event instanceof RoleAssigned assigned) {
            assignment(assigned.poolId(), assigned.roleId(), assigned.namespaceId(), assigned.targetType(),
                    assigned.targetIds(), PermissionGraph.assignment(assigned.namespaceId(), assigned.enableTime(),
                            assigned.endTime()));
        } else if (event instanceof RoleRevoked revoked) {
            assignment(revoked.poolId(), revoked.roleId(), revoked.namespaceId(), revoked.targetType(),
                    revoked.targetIds(), null);
        } else if (event instanceof RoleDeleted deleted) {
            roleDeleted(deleted);
        } else if (event instanceof UserDeleted deleted) {
            // The tombstone empties the user's documents, and any late membership event keeps them empty.
            links.updateOne(Filters.eq("_id", PermissionGraph.linksId(deleted.poolId(), deleted.userId())),
                    Updates.combine(linksOnInsert(deleted.poolId()).apply(deleted.userId()),
                            Updates.set("deleted", true)), new UpdateOptions().upsert(true));
            graph.recompute(deleted.poolId(), graph.namespacesOfUser(deleted.poolId(), deleted.userId()),
                    List.of(deleted.userId()));
            dropPolicies(deleted.poolId(), new Target("USER", deleted.userId()));
        }
    }

    // ---- grants -------------------------------------------------------------------------------------------

    private void authorized(ResourcesAuthorized event) {
        Target target = new Target(event.targetType(), event.targetId());
        setGrants(event.policyId(), event.poolId(), event.namespaceId(), target,
                merge(grantsOf(event.policyId()), event.grants()));
        grantNamespaces.add(event.poolId(), target, event.namespaceId());
        graph.recomputeTarget(event.poolId(), List.of(event.namespaceId()), target);
    }

    private void revoked(ResourceAuthorizationsRevoked event) {
        Target target = new Target(event.targetType(), event.targetId());
        List<Document> kept = event.allResources() ? List.of() : grantsOf(event.policyId()).stream()
                .filter(g -> !event.resourceCodes().contains(g.getString("resourceCode"))).toList();
        setGrants(event.policyId(), event.poolId(), event.namespaceId(), target, kept);
        graph.recomputeTarget(event.poolId(), List.of(event.namespaceId()), target);
        if (kept.isEmpty()) {
            grantNamespaces.remove(event.poolId(), target, event.namespaceId());
        }
    }

    /** A deleted target's policies, found through the namespaces where it has grants. */
    private void dropPolicies(String poolId, Target target) {
        List<String> policyIds = grantNamespaces.policyIds(poolId, target);
        if (!policyIds.isEmpty()) {
            policies.deleteMany(Filters.in("_id", policyIds));
        }
        grantNamespaces.drop(poolId, target);
    }

    // ---- memberships (groups, departments) ----------------------------------------------------------------

    /*
     * The namespaces that matter are read after the membership is written, never before: a grant to the owner
     * applied at the same time on another partition either wrote its namespace before that read (and this
     * recompute covers it) or enumerates the members after this write (and its own recompute covers it).
     */

    private void joined(String poolId, Kind kind, String map, String ownerId, List<String> userIds,
                        Supplier<Set<String>> namespaces) {
        MapFields.setAll(links, PermissionGraph.linksIds(poolId, userIds), map, ownerId, true,
                linksOnInsertById(poolId));
        members.add(poolId, kind, ownerId, userIds);
        graph.recompute(poolId, namespaces.get(), userIds);
    }

    /**
     * The namespaces {@code namespaces} names before {@code write} together with those it names after it: where a
     * removal is recomputed. Two removals of one path applied at once (a user leaving a department while a role
     * leaves that department, or while a grant of the group is revoked) must not both miss it: the other event's
     * recompute enumerates the owner's members after this one removed the user, so this one must cover every
     * namespace the owner reached before the other wrote. Revoked role assignments stay as tombstones for the same
     * reason (namespacesOfDepartment still sees them).
     */
    private static Set<String> beforeAndAfter(Supplier<Set<String>> namespaces, Runnable write) {
        Set<String> reached = new LinkedHashSet<>(namespaces.get());
        write.run();
        reached.addAll(namespaces.get());
        return reached;
    }

    private void left(String poolId, Kind kind, String map, String ownerId, List<String> userIds,
                      Supplier<Set<String>> namespaces) {
        Set<String> reached = beforeAndAfter(namespaces, () -> {
            MapFields.unsetAll(links, PermissionGraph.linksIds(poolId, userIds), map, ownerId);
            members.remove(poolId, kind, ownerId, userIds);
        });
        graph.recompute(poolId, reached, userIds);
    }

    /**
     * A group or department is deleted: each batch of members is unlinked, then recomputed where the owner reached
     * before the deletion began or reaches now ({@link #beforeAndAfter}); then the set goes.
     */
    private void everyoneLeaves(String poolId, Kind kind, String map, String ownerId,
                                Supplier<Set<String>> namespaces) {
        Set<String> reachedBefore = new LinkedHashSet<>(namespaces.get());
        members.forEachBatch(poolId, kind, ownerId, PermissionGraph.BATCH, batch -> {
            MapFields.unsetAll(links, PermissionGraph.linksIds(poolId, batch), map, ownerId);
            Set<String> reached = new LinkedHashSet<>(reachedBefore);
            reached.addAll(namespaces.get());
            graph.recompute(poolId, reached, batch);
        });
        members.clear(poolId, kind, ownerId);
    }

    private static Function<String, Bson> linksOnInsert(String poolId) {
        return userId -> Updates.combine(Updates.setOnInsert("poolId", poolId), Updates.setOnInsert("userId", userId));
    }

    /** {@link #linksOnInsert} for a links document id ({@code pool|userId}). */
    private static Function<String, Bson> linksOnInsertById(String poolId) {
        return linksId -> linksOnInsert(poolId).apply(linksId.substring(poolId.length() + 1));
    }

    // ---- roles --------------------------------------------------------------------------------------------

    /**
     * A rename only moves the code lookup. A change of status or disableTime is fanned out to every holder;
     * {@code fannedOut} records the state the holders' documents were last computed for, so that a redelivery
     * after a crash in the middle of the fan-out does it again.
     */
    private void roleUpdated(RoleUpdated updated, Instant at) {
        writeRole(updated.roleId(), updated.poolId(), updated.namespaceId(), updated.code(), updated.status(),
                updated.disableTime());
        if (updated.previousCode() != null && !updated.previousCode().equals(updated.code())) {
            roleCodes.release(AuthorizationCollections.roleCodeKey(updated.poolId(), updated.namespaceId(),
                    updated.previousCode()), updated.roleId());
        }
        roleCodes.claim(updated.poolId(), AuthorizationCollections.roleCodeKey(updated.poolId(),
                updated.namespaceId(), updated.code()), updated.roleId(), at);
        Document role = roles.find(Filters.eq("_id", updated.roleId())).first();
        Document state = roleState(updated.status(), updated.disableTime());
        if (role == null || !sameRoleState(state, role.get("fannedOut", Document.class))) {
            Target target = new Target("ROLE", updated.roleId());
            graph.recomputeTarget(updated.poolId(), roleNamespaces(updated.poolId(), target, updated.namespaceId()),
                    target);
            roles.updateOne(Filters.eq("_id", updated.roleId()), Updates.set("fannedOut", state));
        }
    }

    /**
     * An assignment ({@code assignment} non-null) or revocation: the holders' {@code roles.<roleId>} entry and the
     * role's member set change, then the users reached (the user, or the department's members) are recomputed.
     */
    private void assignment(String poolId, String roleId, String namespaceId, String targetType,
                            List<String> targetIds, Document assignment) {
        boolean toDepartments = "DEPARTMENT".equals(targetType);
        MongoCollection<Document> holders = toDepartments ? departments : links;
        List<String> holderIds = toDepartments ? targetIds : PermissionGraph.linksIds(poolId, targetIds);
        Kind kind = toDepartments ? Kind.ROLE_DEPARTMENTS : Kind.ROLE_USERS;
        Runnable write = assignment != null ? () -> {
            MapFields.setAll(holders, holderIds, ROLES, roleId, assignment,
                    toDepartments ? id -> Updates.setOnInsert("deleted", false) : linksOnInsertById(poolId));
            members.add(poolId, kind, roleId, targetIds);
        } : () -> {
            MapFields.setInExisting(holders, holderIds, ROLES, roleId, PermissionGraph.revokedAssignment(namespaceId));
            members.remove(poolId, kind, roleId, targetIds);
        };
        Set<String> namespaces = beforeAndAfter(() -> roleNamespaces(poolId, new Target("ROLE", roleId), namespaceId),
                write);
        if (toDepartments) {
            recomputeDepartments(poolId, namespaces, targetIds);
        } else {
            graph.recompute(poolId, namespaces, targetIds);
        }
    }

    /** The tombstone takes the role out of every recompute; then holders are recomputed and unlinked. */
    private void roleDeleted(RoleDeleted deleted) {
        String poolId = deleted.poolId();
        String roleId = deleted.roleId();
        roles.updateOne(Filters.eq("_id", roleId), Updates.set("deleted", true), new UpdateOptions().upsert(true));
        roleCodes.release(AuthorizationCollections.roleCodeKey(poolId, deleted.namespaceId(), deleted.code()), roleId);
        Target role = new Target("ROLE", roleId);
        Set<String> namespaces = roleNamespaces(poolId, role, deleted.namespaceId());
        members.forEachBatch(poolId, Kind.ROLE_USERS, roleId, PermissionGraph.BATCH, batch -> {
            graph.recompute(poolId, namespaces, batch);
            MapFields.setInExisting(links, PermissionGraph.linksIds(poolId, batch), ROLES, roleId,
                    PermissionGraph.revokedAssignment(deleted.namespaceId()));
        });
        members.forEachBatch(poolId, Kind.ROLE_DEPARTMENTS, roleId, PermissionGraph.BATCH, batch -> {
            recomputeDepartments(poolId, namespaces, batch);
            MapFields.setInExisting(departments, batch, ROLES, roleId,
                    PermissionGraph.revokedAssignment(deleted.namespaceId()));
        });
        members.clear(poolId, Kind.ROLE_USERS, roleId);
        members.clear(poolId, Kind.ROLE_DEPARTMENTS, roleId);
        dropPolicies(poolId, role);
    }

    /**
     * Where a role's holders must be recomputed: its namespace, if it has grants there (a role's grants count in
     * its own namespace only). No grants: holding the role changes no answer, and a later grant fans out itself.
     * Read after the assignment is written, like the namespaces of a membership.
     */
    private Set<String> roleNamespaces(String poolId, Target role, String namespaceId) {
        return grantNamespaces.of(poolId, role).contains(namespaceId) ? Set.of(namespaceId) : Set.of();
    }

    private void recomputeDepartments(String poolId, Set<String> namespaces, List<String> departmentIds) {
        for (String departmentId : departmentIds) {
            graph.recomputeTarget(poolId, namespaces, new Target("DEPARTMENT", departmentId));
        }
    }

    private void writeRole(String roleId, String poolId, String namespaceId, String code, String status,
                           Long disableTime, Bson... more) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("poolId", poolId),
                Updates.set("namespaceId", namespaceId), Updates.set("code", code), Updates.set("status", status),
                Updates.set("disableTime", disableTime)));
        updates.addAll(List.of(more));
        roles.updateOne(Filters.eq("_id", roleId), Updates.combine(updates), new UpdateOptions().upsert(true));
    }

    private static Document roleState(String status, Long disableTime) {
        return new Document("status", status).append("disableTime", disableTime);
    }

    private static boolean sameRoleState(Document state, Document fannedOut) {
        if (fannedOut == null) {
            return false;
        }
        Number disable = fannedOut.get("disableTime", Number.class);
        Long fannedOutDisable = disable == null ? null : disable.longValue();
        return Objects.equals(state.getString("status"), fannedOut.getString("status"))
                && Objects.equals(state.getLong("disableTime"), fannedOutDisable);
    }

    // ---- policies -----------------------------------------------------------------------------------------

    private List<Document> grantsOf(String policyId) {
        Document policy = policies.find(Filters.eq("_id", policyId)).first();
        return policy == null ? List.of() : policy.getList("grants", Document.class, List.of());
    }

    /** Each new grant replaces the earlier one on its resource code. */
    private static List<Document> merge(List<Document> current, List<ResourceGrant> granted) {
        Map<String, Document> byCode = new LinkedHashMap<>();
        current.forEach(g -> byCode.put(g.getString("resourceCode"), g));
        for (ResourceGrant grant : granted) {
            byCode.put(grant.resourceCode(), new Document("resourceCode", grant.resourceCode())
                    .append("resourceType", grant.resourceType()).append("actions", grant.actions())
                    .append("effect", grant.effect() == null ? "ALLOW" : grant.effect()));
        }
        return new ArrayList<>(byCode.values());
    }

    private void setGrants(String policyId, String poolId, String namespaceId, Target target, List<Document> grants) {
        policies.replaceOne(Filters.eq("_id", policyId), new Document("_id", policyId).append("poolId", poolId)
                .append("namespaceId", namespaceId).append("targetType", target.type())
                .append("targetId", target.id()).append("grants", grants), new ReplaceOptions().upsert(true));
    }
}
