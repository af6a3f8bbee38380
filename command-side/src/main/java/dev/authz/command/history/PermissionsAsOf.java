package dev.authz.command.history;

import dev.authz.api.authorization.PermissionRules;
import dev.authz.api.authorization.PermissionRules.Filter;
import dev.authz.api.authorization.PermissionRules.ResourceDetails;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.ResourceAuthorizationsRevoked;
import dev.authz.api.event.ResourceCreated;
import dev.authz.api.event.ResourceDeleted;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourceUpdated;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.api.web.AuthorizedResourceDto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One user's effective permissions in one namespace, folded from events in global order: the same facts and
 * rules as the live read model (query side {@code PermissionProjection} / {@code PermissionGraph} /
 * {@code PermissionQueries}), held in memory for one answer. It is fed the streams that can reach this user
 * (see {@link TimeTravel}), and of those keeps only what does: the user's own grants, memberships and role
 * assignments, and the grants of groups, departments and roles of the namespace plus the role-to-department
 * assignments (the user may join a group or department later in the stream). Resources, which only describe the
 * granted codes, may be fed after everything else.
 */
final class PermissionsAsOf implements Consumer<DomainEvent> {
    private static final String USER = "USER";
    private static final String DEPARTMENT = "DEPARTMENT";

    /** A role held directly or through a department, with its window (epoch ms, null = open). */
    private record Assignment(String roleId, String departmentId, Long enableTime, Long endTime) {
    }

    private record Role(String status, Long disableTime, boolean deleted) {
    }

    private record Resource(String code, ResourceDetails details) {
    }

    private final String userId;
    private final String namespaceId;
    private boolean userCreated;
    private boolean userDeleted;
    /** Orders follow the live edges' insertion order, so the merged listing comes out in the same order. */
    private final Set<String> groups = new LinkedHashSet<>();
    private final Set<String> departments = new LinkedHashSet<>();
    private final Map<String, Assignment> userRoles = new LinkedHashMap<>();
    private final Map<String, Assignment> departmentRoles = new LinkedHashMap<>();
    private final Map<String, Role> roles = new HashMap<>();
    /** Grants by target ("GROUP|id"), each by resource code in grant order. */
    private final Map<String, Map<String, ResourceGrant>> policies = new HashMap<>();
    private final Map<String, Resource> resources = new HashMap<>();
    private final Map<String, String> resourceByCode = new HashMap<>();

    PermissionsAsOf(String userId, String namespaceId) {
        this.userId = userId;
        this.namespaceId = namespaceId;
    }

    /**
     * The subjects whose membership and role-assignment events {@link #accept} needs: the user (its memberships
     * and roles) and its departments (their roles). A user in an "everyone" group need not read every other
     * member's joining.
     */
    static List<String> namedSubjects(String userId, Collection<String> departmentIds) {
        List<String> userAndDepartments = new ArrayList<>(departmentIds);
        userAndDepartments.add(userId);
        return userAndDepartments;
    }

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof ResourcesAuthorized authorized) {
            if (concerns(authorized.namespaceId(), authorized.targetType(), authorized.targetId())) {
                Map<String, ResourceGrant> grants = policies.computeIfAbsent(
                        target(authorized.targetType(), authorized.targetId()), t -> new LinkedHashMap<>());
                authorized.grants().forEach(g -> grants.put(g.resourceCode(), new ResourceGrant(g.resourceCode(),
                        g.resourceType(), g.actions(), g.effect() == null ? "ALLOW" : g.effect())));
            }
        } else if (event instanceof ResourceAuthorizationsRevoked revoked) {
            Map<String, ResourceGrant> grants = policies.get(target(revoked.targetType(), revoked.targetId()));
            if (grants != null && namespaceId.equals(revoked.namespaceId())) {
                if (revoked.resourceCodes() == null) {
                    grants.clear();
                } else {
                    revoked.resourceCodes().forEach(grants::remove);
                }
            }
        } else if (event instanceof GroupMembersAdded added && added.userIds().contains(userId)) {
            groups.add(added.groupId());
        } else if (event instanceof GroupMembersRemoved removed) {
            if (removed.userIds().contains(userId)) {
                groups.remove(removed.groupId());
            }
        } else if (event instanceof GroupDeleted deleted) {
            groups.remove(deleted.groupId());
            policies.remove(target("GROUP", deleted.groupId()));
        } else if (event instanceof DepartmentMembersAdded added && added.userIds().contains(userId)) {
            departments.add(added.departmentId());
        } else if (event instanceof DepartmentMembersRemoved removed) {
            if (removed.userIds().contains(userId)) {
                departments.remove(removed.departmentId());
            }
        } else if (event instanceof DepartmentDeleted deleted) {
            departments.remove(deleted.departmentId());
            departmentRoles.values().removeIf(a -> a.departmentId().equals(deleted.departmentId()));
            policies.remove(target(DEPARTMENT, deleted.departmentId()));
        } else {
            applyRoleOrUser(event);
        }
    }

    private void applyRoleOrUser(DomainEvent event) {
        if (event instanceof RoleCreated created && namespaceId.equals(created.namespaceId())) {
            roles.put(created.roleId(), new Role(created.status(), created.disableTime(), false));
        } else if (event instanceof RoleUpdated updated && namespaceId.equals(updated.namespaceId())) {
            roles.put(updated.roleId(), new Role(updated.status(), updated.disableTime(), false));
        } else if (event instanceof RoleAssigned assigned && namespaceId.equals(assigned.namespaceId())) {
            for (String targetId : assigned.targetIds()) {
                if (DEPARTMENT.equals(assigned.targetType())) {
                    departmentRoles.put(assigned.roleId() + "|" + targetId, new Assignment(assigned.roleId(),
                            targetId, assigned.enableTime(), assigned.endTime()));
                } else if (userId.equals(targetId)) {
                    userRoles.put(assigned.roleId(), new Assignment(assigned.roleId(), null, assigned.enableTime(),
                            assigned.endTime()));
                }
            }
        } else if (event instanceof RoleRevoked revoked) {
            for (String targetId : revoked.targetIds()) {
                if (DEPARTMENT.equals(revoked.targetType())) {
                    departmentRoles.remove(revoked.roleId() + "|" + targetId);
                } else if (userId.equals(targetId)) {
                    userRoles.remove(revoked.roleId());
                }
            }
        } else if (event instanceof RoleDeleted deleted) {
            roles.computeIfPresent(deleted.roleId(), (id, role) -> new Role(role.status(), role.disableTime(), true));
            userRoles.remove(deleted.roleId());
            departmentRoles.values().removeIf(a -> a.roleId().equals(deleted.roleId()));
            policies.remove(target("ROLE", deleted.roleId()));
        } else {
            applyResourceOrUser(event);
        }
    }

    private void applyResourceOrUser(DomainEvent event) {
        if (event instanceof ResourceCreated created && namespaceId.equals(created.namespaceId())) {
            resources.put(created.resourceId(), new Resource(created.code(),
                    new ResourceDetails(created.description(), created.apiIdentifier())));
            resourceByCode.put(created.code(), created.resourceId()); // the latest claim of a code wins
        } else if (event instanceof ResourceUpdated updated && resources.containsKey(updated.resourceId())) {
            resources.put(updated.resourceId(), new Resource(updated.code(),
                    new ResourceDetails(updated.description(), updated.apiIdentifier())));
        } else if (event instanceof ResourceDeleted deleted && resources.remove(deleted.resourceId()) != null) {
            resourceByCode.remove(deleted.code(), deleted.resourceId());
        } else if (event instanceof UserCreated created && userId.equals(created.userId())) {
            userCreated = true;
        } else if (event instanceof UserDeleted deleted && userId.equals(deleted.userId())) {
            userDeleted = true;
            groups.clear();
            departments.clear();
            userRoles.clear();
            policies.remove(target(USER, userId));
        }
    }

    /** Another user's own grants never reach this user; everything else of the namespace might. */
    private boolean concerns(String grantNamespaceId, String targetType, String targetId) {
        return namespaceId.equals(grantNamespaceId) && (!USER.equals(targetType) || userId.equals(targetId));
    }

    private static String target(String type, String id) {
        return type + "|" + id;
    }

    String namespaceId() {
        return namespaceId;
    }

    /** Whether the user existed at the instant (created and not deleted). */
    boolean userExists() {
        return userCreated && !userDeleted;
    }

    /**
     * Every grant reaching the user at {@code at}, in the live model's order: direct, groups, departments, roles,
     * roles of departments. A deleted or disabled role counts for nobody; role grants count inside the
     * assignment's window and before the role's disable time.
     */
    List<ResourceGrant> grants(long at) {
        List<ResourceGrant> reaching = new ArrayList<>(grantsOf(USER, userId));
        groups.forEach(groupId -> reaching.addAll(grantsOf("GROUP", groupId)));
        departments.forEach(departmentId -> reaching.addAll(grantsOf(DEPARTMENT, departmentId)));
        userRoles.values().forEach(a -> reaching.addAll(roleGrants(a, at)));
        departmentRoles.values().stream().filter(a -> departments.contains(a.departmentId()))
                .forEach(a -> reaching.addAll(roleGrants(a, at)));
        return reaching;
    }

    private List<ResourceGrant> roleGrants(Assignment assignment, long at) {
        Role role = roles.get(assignment.roleId());
        if (role != null && (role.deleted() || "DISABLE".equals(role.status()))) {
            return List.of();
        }
        Long disableTime = role == null ? null : role.disableTime();
        return PermissionRules.active(assignment.enableTime(), assignment.endTime(), disableTime, at)
                ? grantsOf("ROLE", assignment.roleId()) : List.of();
    }

    private List<ResourceGrant> grantsOf(String targetType, String targetId) {
        Map<String, ResourceGrant> grants = policies.get(target(targetType, targetId));
        return grants == null ? List.of() : List.copyOf(grants.values());
    }

    List<AuthorizedResourceDto> authorizedResources(long at, Filter filter) {
        return PermissionRules.toDtos(grants(at), filter, code -> {
            Resource resource = resources.get(resourceByCode.get(code));
            return resource == null ? null : resource.details();
        });
    }

    boolean isAllowed(long at, String action, String resource) {
        return PermissionRules.isAllowed(grants(at), action, resource);
    }
}
