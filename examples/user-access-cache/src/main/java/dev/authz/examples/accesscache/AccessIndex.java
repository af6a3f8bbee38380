package dev.authz.examples.accesscache;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per user of each pool: the groups and the roles ({@code namespace:code}) it holds, directly or through a
 * department, with their time windows. Codes live once on their group, role or namespace, so a rename changes every
 * holder's answer at once; deletions and revocations remove the links both ways.
 *
 * <p>Events of different aggregates arrive on different partitions, in no common order: a user may be referenced
 * before its UserCreated, or by a late membership after its UserDeleted (the server sends the removals too, but
 * maybe later), and a role's events may arrive after its namespace's deletion. Hence placeholders for referenced
 * things and tombstones for deleted users and namespaces.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class AccessIndex {
    /** Which payload versions of the types it reads this build understands. */
    static final Map<String, Integer> READS;

    static {
        Map<String, Integer> reads = new HashMap<>();
        for (String type : List.of("NamespaceCreated", "NamespaceUpdated", "NamespaceDeleted", "GroupCreated",
                "GroupUpdated", "GroupDeleted", "GroupMembersAdded", "GroupMembersRemoved", "UserCreated",
                "UserUpdated", "UserDeleted", "DepartmentCreated", "DepartmentUpdated", "DepartmentDeleted",
                "DepartmentMembersAdded", "DepartmentMembersRemoved", "RoleCreated", "RoleUpdated", "RoleDeleted",
                "RoleAssigned", "RoleRevoked")) {
            reads.put(type, 1);
        }
        READS = Map.copyOf(reads);
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class User {
        String pool;
        String username;
        TreeSet<String> groups = new TreeSet<>();
        TreeSet<String> departments = new TreeSet<>();
        TreeSet<String> roles = new TreeSet<>();
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Group {
        String pool;
        String code;
        TreeSet<String> members = new TreeSet<>();
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Department {
        String pool;
        String code;
        TreeSet<String> members = new TreeSet<>();
        TreeSet<String> roles = new TreeSet<>();
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Role {
        String pool;
        String namespaceId;
        String code;
        String status;
        Long disableTime;
        TreeMap<String, Window> users = new TreeMap<>();
        TreeMap<String, Window> departments = new TreeMap<>();

        boolean enabledAt(long now) {
            return !"DISABLE".equals(status) && (disableTime == null || now < disableTime);
        }
    }

    /** When an assignment counts: {@code enableTime <= now < endTime}, null = unbounded (epoch ms). */
    record Window(Long enableTime, Long endTime) {
        boolean contains(long now) {
            return (enableTime == null || enableTime <= now) && (endTime == null || now < endTime);
        }
    }

    /** What {@code GET /access} answers. */
    record Access(String poolId, String userId, String username, List<GroupRef> groups, List<RoleRef> roles) {
    }

    record GroupRef(String id, String code) {
    }

    /** {@code via} USER (assigned directly) or DEPARTMENT:&lt;code&gt;. */
    record RoleRef(String id, String namespace, String code, String via, Long enableTime, Long endTime) {
    }

    private final Map<String, String> namespaces = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();
    private final TreeSet<String> deletedUsers = new TreeSet<>();
    private final TreeSet<String> deletedNamespaces = new TreeSet<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final Map<String, Department> departments = new HashMap<>();
    private final Map<String, Role> roles = new HashMap<>();

    /** Applies one event's data; types that say nothing about access are ignored. */
    void apply(String type, JsonNode data) {
        String pool = data.path("poolId").asText();
        if (type.startsWith("Role") && deletedNamespaces.contains(text(data, "namespaceId"))) {
            return; // a late event of a role whose namespace is gone (its partition lagged behind)
        }
        switch (type) {
            case "NamespaceCreated", "NamespaceUpdated" -> namespaces.put(text(data, "namespaceId"), text(data, "code"));
            case "NamespaceDeleted" -> deleteNamespace(text(data, "namespaceId"));
            case "GroupCreated", "GroupUpdated" -> group(pool, text(data, "groupId")).code = text(data, "code");
            case "GroupDeleted" -> deleteGroup(text(data, "groupId"));
            case "GroupMembersAdded" -> live(data.path("userIds")).forEach(userId -> {
                group(pool, text(data, "groupId")).members.add(userId);
                user(pool, userId).groups.add(text(data, "groupId"));
            });
            case "GroupMembersRemoved" -> ids(data.path("userIds")).forEach(userId -> {
                group(pool, text(data, "groupId")).members.remove(userId);
                ifUser(userId, user -> user.groups.remove(text(data, "groupId")));
            });
            case "UserCreated", "UserUpdated" -> {
                if (!deletedUsers.contains(text(data, "userId"))) {
                    user(pool, text(data, "userId")).username = data.path("profile").path("username").asText(null);
                }
            }
            case "UserDeleted" -> deleteUser(text(data, "userId"));
            case "DepartmentCreated", "DepartmentUpdated" ->
                    department(pool, text(data, "departmentId")).code = text(data, "code");
            case "DepartmentDeleted" -> deleteDepartment(text(data, "departmentId"));
            case "DepartmentMembersAdded" -> live(data.path("userIds")).forEach(userId -> {
                department(pool, text(data, "departmentId")).members.add(userId);
                user(pool, userId).departments.add(text(data, "departmentId"));
            });
            case "DepartmentMembersRemoved" -> ids(data.path("userIds")).forEach(userId -> {
                department(pool, text(data, "departmentId")).members.remove(userId);
                ifUser(userId, user -> user.departments.remove(text(data, "departmentId")));
            });
            case "RoleCreated", "RoleUpdated" -> {
                Role role = role(pool, text(data, "roleId"));
                role.namespaceId = text(data, "namespaceId");
                role.code = text(data, "code");
                role.status = text(data, "status");
                role.disableTime = optionalLong(data, "disableTime");
            }
            case "RoleDeleted" -> deleteRole(text(data, "roleId"));
            case "RoleAssigned" -> assign(pool, data);
            case "RoleRevoked" -> revoke(data);
            default -> {
                // organizations, resources, authorizations: not part of this index
            }
        }
    }

    private void assign(String pool, JsonNode data) {
        String roleId = text(data, "roleId");
        Role role = role(pool, roleId);
        Window window = new Window(optionalLong(data, "enableTime"), optionalLong(data, "endTime"));
        if ("DEPARTMENT".equals(text(data, "targetType"))) {
            ids(data.path("targetIds")).forEach(departmentId -> {
                role.departments.put(departmentId, window);
                department(pool, departmentId).roles.add(roleId);
            });
        } else {
            live(data.path("targetIds")).forEach(userId -> {
                role.users.put(userId, window);
                user(pool, userId).roles.add(roleId);
            });
        }
    }

    private void revoke(JsonNode data) {
        String roleId = text(data, "roleId");
        Role role = roles.get(roleId);
        boolean departmentTargets = "DEPARTMENT".equals(text(data, "targetType"));
        for (String targetId : ids(data.path("targetIds"))) {
            if (departmentTargets) {
                Optional.ofNullable(role).ifPresent(r -> r.departments.remove(targetId));
                Optional.ofNullable(departments.get(targetId)).ifPresent(d -> d.roles.remove(roleId));
            } else {
                Optional.ofNullable(role).ifPresent(r -> r.users.remove(targetId));
                ifUser(targetId, user -> user.roles.remove(roleId));
            }
        }
    }

    /** Its roles end with it, whether or not a RoleDeleted came for each of them first. */
    private void deleteNamespace(String namespaceId) {
        namespaces.remove(namespaceId);
        deletedNamespaces.add(namespaceId);
        roles.entrySet().stream().filter(entry -> namespaceId.equals(entry.getValue().namespaceId))
                .map(Map.Entry::getKey).toList().forEach(this::deleteRole);
    }

    private void deleteGroup(String groupId) {
        Group group = groups.remove(groupId);
        if (group != null) {
            group.members.forEach(userId -> ifUser(userId, user -> user.groups.remove(groupId)));
        }
    }

    private void deleteDepartment(String departmentId) {
        Department department = departments.remove(departmentId);
        if (department != null) {
            department.members.forEach(userId -> ifUser(userId, user -> user.departments.remove(departmentId)));
            department.roles.forEach(roleId -> Optional.ofNullable(roles.get(roleId))
                    .ifPresent(role -> role.departments.remove(departmentId)));
        }
    }

    private void deleteRole(String roleId) {
        Role role = roles.remove(roleId);
        if (role != null) {
            role.users.keySet().forEach(userId -> ifUser(userId, user -> user.roles.remove(roleId)));
            role.departments.keySet().forEach(departmentId -> Optional.ofNullable(departments.get(departmentId))
                    .ifPresent(department -> department.roles.remove(roleId)));
        }
    }

    private void deleteUser(String userId) {
        deletedUsers.add(userId);
        User user = users.remove(userId);
        if (user != null) {
            user.groups.forEach(id -> Optional.ofNullable(groups.get(id)).ifPresent(g -> g.members.remove(userId)));
            user.departments.forEach(id -> Optional.ofNullable(departments.get(id))
                    .ifPresent(d -> d.members.remove(userId)));
            user.roles.forEach(id -> Optional.ofNullable(roles.get(id)).ifPresent(r -> r.users.remove(userId)));
        }
    }

    /** The user's groups and the roles that count at {@code now}; empty for an unknown, deleted or foreign user. */
    Optional<Access> accessOf(String pool, String userId, long now) {
        User user = users.get(userId);
        if (user == null || !pool.equals(user.pool)) {
            return Optional.empty();
        }
        List<GroupRef> groupRefs = user.groups.stream().map(id -> new GroupRef(id, groups.get(id).code))
                .sorted(Comparator.comparing(GroupRef::code, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        List<RoleRef> roleRefs = new ArrayList<>();
        for (String roleId : user.roles) {
            roleRef(roleId, roles.get(roleId).users.get(userId), "USER", now).ifPresent(roleRefs::add);
        }
        for (String departmentId : user.departments) {
            Department department = departments.get(departmentId);
            for (String roleId : department.roles) {
                roleRef(roleId, roles.get(roleId).departments.get(departmentId), "DEPARTMENT:" + department.code, now)
                        .ifPresent(roleRefs::add);
            }
        }
        roleRefs.sort(Comparator.comparing((RoleRef r) -> r.namespace() + ":" + r.code()).thenComparing(RoleRef::via));
        return Optional.of(new Access(pool, userId, user.username, groupRefs, roleRefs));
    }

    /** The members of the pool's group with this code. */
    List<String> membersOf(String pool, String groupCode) {
        return groups.values().stream().filter(g -> pool.equals(g.pool) && groupCode.equals(g.code))
                .flatMap(g -> g.members.stream()).sorted().toList();
    }

    /** The users that hold the role {@code namespaceCode:roleCode} of the pool at {@code now}, directly or not. */
    List<String> holdersOf(String pool, String namespaceCode, String roleCode, long now) {
        Set<String> holders = new TreeSet<>();
        roles.forEach((roleId, role) -> {
            if (!pool.equals(role.pool) || !roleCode.equals(role.code)
                    || !namespaceCode.equals(namespaces.get(role.namespaceId)) || !role.enabledAt(now)) {
                return;
            }
            role.users.forEach((userId, window) -> {
                if (window.contains(now)) {
                    holders.add(userId);
                }
            });
            role.departments.forEach((departmentId, window) -> {
                if (window.contains(now) && departments.containsKey(departmentId)) {
                    holders.addAll(departments.get(departmentId).members);
                }
            });
        });
        return List.copyOf(holders);
    }

    private Optional<RoleRef> roleRef(String roleId, Window window, String via, long now) {
        Role role = roles.get(roleId);
        if (window == null || !window.contains(now) || !role.enabledAt(now)) {
            return Optional.empty();
        }
        return Optional.of(new RoleRef(roleId, namespaces.get(role.namespaceId), role.code, via,
                window.enableTime(), window.endTime()));
    }

    private User user(String pool, String userId) {
        User user = users.computeIfAbsent(userId, id -> new User());
        user.pool = pool;
        return user;
    }

    private void ifUser(String userId, java.util.function.Consumer<User> change) {
        Optional.ofNullable(users.get(userId)).ifPresent(change);
    }

    private Group group(String pool, String groupId) {
        Group group = groups.computeIfAbsent(groupId, id -> new Group());
        group.pool = pool;
        return group;
    }

    private Department department(String pool, String departmentId) {
        Department department = departments.computeIfAbsent(departmentId, id -> new Department());
        department.pool = pool;
        return department;
    }

    private Role role(String pool, String roleId) {
        Role role = roles.computeIfAbsent(roleId, id -> new Role());
        role.pool = pool;
        return role;
    }

    /** The ids of a JSON array, without users that were deleted (a late membership must not bring them back). */
    private List<String> live(JsonNode array) {
        return ids(array).stream().filter(id -> !deletedUsers.contains(id)).toList();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static String text(JsonNode data, String field) {
        return data.path(field).isNull() ? null : data.path(field).asText(null);
    }

    private static Long optionalLong(JsonNode data, String field) {
        JsonNode value = data.path(field);
        return value.canConvertToLong() ? value.asLong() : null;
    }
}
