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
import dev.authz.query.consumer.Projection;
import dev.authz.query.readmodel.OwnedKeys;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.authz.query.authorization.PermissionGraph.DEPT_USER;
import static dev.authz.query.authorization.PermissionGraph.GROUP_USER;
import static dev.authz.query.authorization.PermissionGraph.ROLE_DEPT;
import static dev.authz.query.authorization.PermissionGraph.ROLE_USER;

/**
 * Policies, edges, the role and department facts this feature needs, and the effective permissions of every
 * user they reach. Each event first updates its own facts (keyed upserts and deletes), then recomputes the
 * documents of the users it can affect, before the event counts as applied: a write's read-your-writes wait
 * therefore covers is-action-allowed too. The fan-out is bounded by the members/assignees of one entity.
 */
@Component
public class PermissionProjection implements Projection {
    private final PermissionGraph graph;
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> roles;
    private final OwnedKeys roleCodes;
    private final MongoCollection<Document> departments;
    private final MongoCollection<Document> effective;

    public PermissionProjection(AuthorizationCollections collections, PermissionGraph graph) {
        this.graph = graph;
        this.policies = collections.policies();
        this.roles = collections.roles();
        this.roleCodes = collections.roleCodes();
        this.departments = collections.departments();
        this.effective = collections.effective();
    }

    @Override
    public void apply(DomainEvent event, Instant at) {
        if (event instanceof ResourcesAuthorized authorized) {
            setGrants(authorized.policyId(), authorized.poolId(), authorized.namespaceId(),
                    authorized.targetType(), authorized.targetId(), merge(grantsOf(authorized.policyId()),
                            authorized.grants()));
            recomputeTarget(authorized.poolId(), authorized.namespaceId(), authorized.targetType(),
                    authorized.targetId());
        } else if (event instanceof ResourceAuthorizationsRevoked revoked) {
            List<Document> kept = revoked.allResources() ? List.of() : grantsOf(revoked.policyId())
                    .stream().filter(g -> !revoked.resourceCodes().contains(g.getString("resourceCode"))).toList();
            setGrants(revoked.policyId(), revoked.poolId(), revoked.namespaceId(), revoked.targetType(),
                    revoked.targetId(), kept);
            recomputeTarget(revoked.poolId(), revoked.namespaceId(), revoked.targetType(), revoked.targetId());
        } else if (event instanceof GroupMembersAdded added) {
            graph.linkAll(GROUP_USER, added.poolId(), added.groupId(), added.userIds());
            graph.recompute(added.poolId(), graph.namespacesOf("GROUP", added.groupId()), added.userIds());
        } else if (event instanceof GroupMembersRemoved removed) {
            removed.userIds().forEach(u -> graph.unlink(GROUP_USER, removed.groupId(), u));
            graph.recompute(removed.poolId(), graph.namespacesOf("GROUP", removed.groupId()), removed.userIds());
        } else if (event instanceof GroupDeleted deleted) {
            dropTarget(deleted.poolId(), "GROUP", deleted.groupId(), graph.usersOfGroup(deleted.groupId()),
                    () -> graph.unlinkAllFrom(GROUP_USER, deleted.groupId()));
        } else if (event instanceof DepartmentCreated created) {
            departments.replaceOne(Filters.eq("_id", created.departmentId()),
                    new Document("_id", created.departmentId()).append("poolId", created.poolId()),
                    new ReplaceOptions().upsert(true));
        } else if (event instanceof DepartmentMembersAdded added) {
            graph.linkAll(DEPT_USER, added.poolId(), added.departmentId(), added.userIds());
            graph.recompute(added.poolId(), graph.namespacesOfDepartment(added.departmentId()), added.userIds());
        } else if (event instanceof DepartmentMembersRemoved removed) {
            removed.userIds().forEach(u -> graph.unlink(DEPT_USER, removed.departmentId(), u));
            graph.recompute(removed.poolId(), graph.namespacesOfDepartment(removed.departmentId()),
                    removed.userIds());
        } else if (event instanceof DepartmentDeleted deleted) {
            Set<String> namespaces = graph.namespacesOfDepartment(deleted.departmentId());
            Set<String> users = graph.usersOfDepartment(deleted.departmentId());
            departments.deleteOne(Filters.eq("_id", deleted.departmentId()));
            graph.unlinkAllTo(ROLE_DEPT, deleted.departmentId());
            dropTarget(deleted.poolId(), "DEPARTMENT", deleted.departmentId(), users,
                    () -> graph.unlinkAllFrom(DEPT_USER, deleted.departmentId()));
            graph.recompute(deleted.poolId(), namespaces, users);
        } else if (event instanceof RoleCreated created) {
            writeRole(created.roleId(), created.poolId(), created.namespaceId(), created.code(), created.status(),
                    created.disableTime());
            roleCodes.claim(created.poolId(), AuthorizationCollections.roleCodeKey(created.poolId(),
                    created.namespaceId(), created.code()), created.roleId(), at);
        } else if (event instanceof RoleUpdated updated) {
            writeRole(updated.roleId(), updated.poolId(), updated.namespaceId(), updated.code(), updated.status(),
                    updated.disableTime());
            if (updated.previousCode() != null && !updated.previousCode().equals(updated.code())) {
                roleCodes.release(AuthorizationCollections.roleCodeKey(updated.poolId(), updated.namespaceId(),
                        updated.previousCode()), updated.roleId());
            }
            roleCodes.claim(updated.poolId(), AuthorizationCollections.roleCodeKey(updated.poolId(),
                    updated.namespaceId(), updated.code()), updated.roleId(), at);
            graph.recompute(updated.poolId(), List.of(updated.namespaceId()), graph.usersOfRole(updated.roleId()));
        } else if (event instanceof RoleAssigned assigned) {
            String kind = "DEPARTMENT".equals(assigned.targetType()) ? ROLE_DEPT : ROLE_USER;
            assigned.targetIds().forEach(t -> graph.link(kind, assigned.poolId(), assigned.roleId(), t,
                    assigned.namespaceId(), assigned.enableTime(), assigned.endTime()));
            graph.recompute(assigned.poolId(), List.of(assigned.namespaceId()),
                    assignees(kind, assigned.targetIds()));
        } else if (event instanceof RoleRevoked revoked) {
            String kind = "DEPARTMENT".equals(revoked.targetType()) ? ROLE_DEPT : ROLE_USER;
            revoked.targetIds().forEach(t -> graph.unlink(kind, revoked.roleId(), t));
            graph.recompute(revoked.poolId(), List.of(revoked.namespaceId()), assignees(kind, revoked.targetIds()));
        } else if (event instanceof RoleDeleted deleted) {
            Set<String> users = graph.usersOfRole(deleted.roleId());
            roles.updateOne(Filters.eq("_id", deleted.roleId()), Updates.set("deleted", true),
                    new UpdateOptions().upsert(true));
            roleCodes.release(AuthorizationCollections.roleCodeKey(deleted.poolId(), deleted.namespaceId(),
                    deleted.code()), deleted.roleId());
            dropTarget(deleted.poolId(), "ROLE", deleted.roleId(), users, () -> {
                graph.unlinkAllFrom(ROLE_USER, deleted.roleId());
                graph.unlinkAllFrom(ROLE_DEPT, deleted.roleId());
            });
            graph.recompute(deleted.poolId(), List.of(deleted.namespaceId()), users);
        } else if (event instanceof UserDeleted deleted) {
            for (String kind : List.of(GROUP_USER, DEPT_USER, ROLE_USER)) {
                graph.unlinkAllTo(kind, deleted.userId());
            }
            policies.deleteMany(Filters.and(Filters.eq("targetType", "USER"),
                    Filters.eq("targetId", deleted.userId()), Filters.eq("poolId", deleted.poolId())));
            effective.deleteMany(Filters.and(Filters.eq("poolId", deleted.poolId()),
                    Filters.eq("userId", deleted.userId())));
        }
    }

    private Set<String> assignees(String kind, List<String> targetIds) {
        Set<String> users = new java.util.LinkedHashSet<>();
        for (String targetId : targetIds) {
            if (ROLE_DEPT.equals(kind)) {
                users.addAll(graph.usersOfDepartment(targetId));
            } else {
                users.add(targetId);
            }
        }
        return users;
    }

    /** A deleted group, role or department: its grants go, then its former members are recomputed. */
    private void dropTarget(String poolId, String targetType, String targetId, Set<String> users, Runnable unlink) {
        Set<String> namespaces = graph.namespacesOf(targetType, targetId);
        unlink.run();
        policies.deleteMany(Filters.and(Filters.eq("targetType", targetType), Filters.eq("targetId", targetId),
                Filters.eq("poolId", poolId)));
        graph.recompute(poolId, namespaces, users);
    }

    private void recomputeTarget(String poolId, String namespaceId, String targetType, String targetId) {
        Set<String> users = switch (targetType) {
            case "USER" -> Set.of(targetId);
            case "GROUP" -> graph.usersOfGroup(targetId);
            case "ROLE" -> graph.usersOfRole(targetId);
            case "DEPARTMENT" -> graph.usersOfDepartment(targetId);
            default -> Set.of();
        };
        graph.recompute(poolId, List.of(namespaceId), users);
    }

    private void writeRole(String roleId, String poolId, String namespaceId, String code, String status,
                           Long disableTime) {
        roles.updateOne(Filters.eq("_id", roleId), Updates.combine(Updates.set("poolId", poolId),
                Updates.set("namespaceId", namespaceId), Updates.set("code", code), Updates.set("status", status),
                Updates.set("disableTime", disableTime)), new UpdateOptions().upsert(true));
    }

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

    private void setGrants(String policyId, String poolId, String namespaceId, String targetType, String targetId,
                           List<Document> grants) {
        policies.replaceOne(Filters.eq("_id", policyId), new Document("_id", policyId).append("poolId", poolId)
                .append("namespaceId", namespaceId).append("targetType", targetType).append("targetId", targetId)
                .append("grants", grants), new ReplaceOptions().upsert(true));
    }
}
