package dev.authz.kit.testing;

import dev.authz.api.event.ResourceGrant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A plain in-memory model of users, groups, departments, roles and grants, for model-based tests: it makes random
 * changes (each as the management API allows it, with the cascades the command side performs; renames of groups and
 * roles among them, which must change no answer), keeps the state they leave, and answers is-action-allowed,
 * memberships and role holders from that state with no read model at all. A test
 * carries each {@link Change} out its own way (as events, or as API calls) and compares the system's answers with
 * the model's.
 *
 * <p>Entities are named by handles ({@code u1}, {@code g1}, {@code d1}, {@code r1}); a test maps them to the ids
 * and codes it created. Namespaces are numbered from 0. Times are epoch milliseconds; assignment windows and disable
 * times lie an hour or more from the change, so answers do not move while a test runs.
 */
public final class PermissionModel {
    public static final List<String> RESOURCES = List.of("doc:1", "doc:2", "img:1");
    public static final List<String> ACTIONS = List.of("read", "write");
    /** The paths by which a grant reaches a user; a useful history decides answers by each of them. */
    public static final List<String> PATHS = List.of("DIRECT", "GROUP", "DEPARTMENT", "ROLE", "DEPARTMENT_ROLE");
    private static final List<String> GRANTED_CODES = List.of("doc:1", "doc:2", "img:1", "doc:*", "*");
    private static final List<List<String>> GRANTED_ACTIONS = List.of(List.of("read"), List.of("write"),
            List.of("read", "write"), List.of("*"));
    private static final long HOUR = 3_600_000L;

    /** One change of the history. */
    public sealed interface Change permits UserCreated, UserDeleted, GroupCreated, GroupDeleted, DepartmentCreated,
            DepartmentDeleted, GroupRenamed, RoleCreated, RoleUpdated, RoleDeleted, MembersAdded, MembersRemoved, RoleAssigned,
            RoleRevoked, Authorized, AuthorizationsRevoked {
    }

    public record UserCreated(String user) implements Change {
    }

    /** The memberships and role assignments the deletion ends, in the order the command side ends them. */
    public record UserDeleted(String user, List<String> groupsLeft, List<String> departmentsLeft,
                              List<String> rolesRevoked) implements Change {
    }

    public record GroupCreated(String group) implements Change {
    }

    public record GroupDeleted(String group) implements Change {
    }

    /** The group gets a new code: nothing it means changes (grants and members follow its id). */
    public record GroupRenamed(String group) implements Change {
    }

    public record DepartmentCreated(String department) implements Change {
    }

    public record DepartmentDeleted(String department, List<String> rolesRevoked) implements Change {
    }

    public record RoleCreated(String role, int namespace) implements Change {
    }

    /** The role's status and disable time after the change (null: none); {@code renamed}: it gets a new code too. */
    public record RoleUpdated(String role, String status, Long disableTime, boolean renamed) implements Change {
    }

    public record RoleDeleted(String role) implements Change {
    }

    /** {@code ownerType} GROUP or DEPARTMENT. */
    public record MembersAdded(String ownerType, String owner, List<String> users) implements Change {
    }

    public record MembersRemoved(String ownerType, String owner, List<String> users) implements Change {
    }

    /** {@code targetType} USER or DEPARTMENT. */
    public record RoleAssigned(String role, String targetType, List<String> targets, Long enableTime, Long endTime)
            implements Change {
    }

    public record RoleRevoked(String role, String targetType, List<String> targets) implements Change {
    }

    /** {@code targetType} USER, GROUP, DEPARTMENT or ROLE (a role's grants are in its own namespace). */
    public record Authorized(String targetType, String target, int namespace, List<ResourceGrant> grants)
            implements Change {
    }

    public record AuthorizationsRevoked(String targetType, String target, int namespace, boolean all,
                                        List<String> codes) implements Change {
    }

    private record Window(Long enableTime, Long endTime) {
        boolean contains(long now) {
            return (enableTime == null || enableTime <= now) && (endTime == null || now < endTime);
        }
    }

    private static final class Role {
        final int namespace;
        String status = "ENABLE";
        Long disableTime;
        final Map<String, Window> users = new LinkedHashMap<>();
        final Map<String, Window> departments = new LinkedHashMap<>();

        Role(int namespace) {
            this.namespace = namespace;
        }

        boolean counts(Window window, long now) {
            return "ENABLE".equals(status) && (disableTime == null || now < disableTime) && window.contains(now);
        }
    }

    private final Random random;
    private final int namespaces;
    private final boolean revokesGrants;
    private int nextHandle;
    /** Every user ever created, live (true) or deleted (false): deleted users must stay denied. */
    private final Map<String, Boolean> users = new LinkedHashMap<>();
    private final Map<String, Set<String>> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> departments = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    /** Grants by target and namespace ({@code type|handle|namespace}), then by resource code (the last one counts). */
    private final Map<String, Map<String, ResourceGrant>> policies = new LinkedHashMap<>();
    private final Map<String, Integer> matchedVia = new TreeMap<>();

    /**
     * @param revokesGrants whether histories revoke grants too (the event stream can; the SDK's API has no call
     *                      for it)
     */
    public PermissionModel(Random random, int namespaces, boolean revokesGrants) {
        this.random = random;
        this.namespaces = namespaces;
        this.revokesGrants = revokesGrants;
    }

    /** The seeds a model test runs: {@code -Dauthz.model.seeds=7,8,9} when given, else its own fixed ones. */
    public static Stream<Long> seeds(long... fixed) {
        String seeds = System.getProperty("authz.model.seeds");
        return seeds == null ? LongStream.of(fixed).boxed() : Stream.of(seeds.split(",")).map(Long::valueOf);
    }

    // ---- what the state answers -----------------------------------------------------------------------------

    public int namespaces() {
        return namespaces;
    }

    public boolean isLive(String user) {
        return users.get(user);
    }

    /** Every user ever created, deleted ones included. */
    public List<String> users() {
        return List.copyOf(users.keySet());
    }

    /** Each live group's members, in the order they joined. */
    public Map<String, Set<String>> groupMembers() {
        return Collections.unmodifiableMap(groups);
    }

    /** Each live department's members, in the order they joined. */
    public Map<String, Set<String>> departmentMembers() {
        return Collections.unmodifiableMap(departments);
    }

    /** Each live role's namespace. */
    public Map<String, Integer> roleNamespaces() {
        Map<String, Integer> namespaceOf = new LinkedHashMap<>();
        roles.forEach((role, state) -> namespaceOf.put(role, state.namespace));
        return namespaceOf;
    }

    /** The users ({@code USER}) or departments ({@code DEPARTMENT}) whose assignment of the role is in its window now. */
    public Set<String> roleHolders(String role, String targetType, long now) {
        Role state = roles.get(role);
        Set<String> holders = new LinkedHashSet<>();
        ("USER".equals(targetType) ? state.users : state.departments).forEach((holder, window) -> {
            if (window.contains(now)) {
                holders.add(holder);
            }
        });
        return holders;
    }

    /**
     * The roles of the namespace the user holds now, directly (get-user-roles): assigned in a window that holds
     * now, to a role that is enabled and not past its disable time.
     */
    public Set<String> userRoles(String user, int namespace, long now) {
        Set<String> held = new LinkedHashSet<>();
        roles.forEach((role, state) -> {
            Window window = state.users.get(user);
            if (state.namespace == namespace && window != null && state.counts(window, now)) {
                held.add(role);
            }
        });
        return held;
    }

    /** How often a matching grant came by each path and effect ("ROLE DENY"), over every answer so far. */
    public Map<String, Integer> matchedVia() {
        return Collections.unmodifiableMap(matchedVia);
    }

    /** A matching DENY wins; codes match exactly, by {@code *}, or by a prefix ending in {@code *}. */
    public boolean allowed(String user, int namespace, String action, String resource, long now) {
        boolean allowed = false;
        boolean denied = false;
        for (Map.Entry<ResourceGrant, String> entry : grantsReaching(user, namespace, now).entrySet()) {
            ResourceGrant grant = entry.getKey();
            String code = grant.resourceCode();
            boolean codeMatches = code.equals(resource) || code.equals("*")
                    || code.endsWith("*") && resource.startsWith(code.substring(0, code.length() - 1));
            if (codeMatches && (grant.actions().contains(action) || grant.actions().contains("*"))) {
                matchedVia.merge(entry.getValue() + " " + grant.effect(), 1, Integer::sum);
                denied |= "DENY".equals(grant.effect());
                allowed = true;
            }
        }
        return allowed && !denied;
    }

    /**
     * What get-user-authorized-resources lists: each code the user's ALLOW grants name, with their actions merged
     * (DENY grants are not listed, nor do they remove an ALLOW from the list).
     */
    public Map<String, Set<String>> authorizedResources(String user, int namespace, long now) {
        Map<String, Set<String>> actionsByCode = new TreeMap<>();
        grantsReaching(user, namespace, now).keySet().stream().filter(grant -> "ALLOW".equals(grant.effect()))
                .forEach(grant -> actionsByCode.computeIfAbsent(grant.resourceCode(), code -> new TreeSet<>())
                        .addAll(grant.actions()));
        return actionsByCode;
    }

    /** The grants that reach the user in the namespace now, each with the path it came by. */
    private Map<ResourceGrant, String> grantsReaching(String user, int namespace, long now) {
        Map<ResourceGrant, String> grants = new LinkedHashMap<>();
        if (!users.get(user)) {
            return grants;
        }
        grantsOf("USER", user, namespace).forEach(g -> grants.put(g, "DIRECT"));
        groups.forEach((group, members) -> {
            if (members.contains(user)) {
                grantsOf("GROUP", group, namespace).forEach(g -> grants.put(g, "GROUP"));
            }
        });
        Set<String> userDepartments = new LinkedHashSet<>();
        departments.forEach((department, members) -> {
            if (members.contains(user)) {
                userDepartments.add(department);
                grantsOf("DEPARTMENT", department, namespace).forEach(g -> grants.put(g, "DEPARTMENT"));
            }
        });
        roles.forEach((roleHandle, role) -> {
            if (role.namespace != namespace) {
                return;
            }
            if (role.users.containsKey(user) && role.counts(role.users.get(user), now)) {
                grantsOf("ROLE", roleHandle, namespace).forEach(g -> grants.put(g, "ROLE"));
            }
            for (String department : userDepartments) {
                if (role.departments.containsKey(department) && role.counts(role.departments.get(department), now)) {
                    grantsOf("ROLE", roleHandle, namespace).forEach(g -> grants.putIfAbsent(g, "DEPARTMENT_ROLE"));
                }
            }
        });
        return grants;
    }

    private Collection<ResourceGrant> grantsOf(String targetType, String target, int namespace) {
        return policies.getOrDefault(policyKey(targetType, target, namespace), Map.of()).values();
    }

    private static String policyKey(String targetType, String target, int namespace) {
        return targetType + "|" + target + "|" + namespace;
    }

    // ---- changes --------------------------------------------------------------------------------------------

    /** The starting population: 8 users, 3 groups, 3 departments, 2 roles per namespace. */
    public List<Change> initialEntities() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            changes.add(newUser());
        }
        for (int i = 0; i < 3; i++) {
            changes.add(newGroup());
            changes.add(newDepartment());
        }
        for (int namespace = 0; namespace < namespaces; namespace++) {
            changes.add(newRole(namespace));
            changes.add(newRole(namespace));
        }
        return changes;
    }

    /** One random change (possibly several, e.g. a deletion and its replacement; possibly none). */
    public List<Change> randomChange() {
        int choice = random.nextInt(100);
        if (choice < 10) {
            return membership("GROUP", groups);
        } else if (choice < 12) {
            return List.of(new GroupRenamed(pick(groups.keySet())));
        } else if (choice < 22) {
            return membership("DEPARTMENT", departments);
        } else if (choice < 46) {
            return assignOrRevoke();
        } else if (choice < 74 || choice < 84 && !revokesGrants) {
            return authorize();
        } else if (choice < 84) {
            return revokeAuthorizations();
        } else if (choice < 94) {
            return updateRole();
        }
        return deleteAndReplace();
    }

    private List<Change> membership(String ownerType, Map<String, Set<String>> owners) {
        String owner = pick(owners.keySet());
        Set<String> members = owners.get(owner);
        if (random.nextBoolean() || members.isEmpty()) {
            List<String> joining = some(liveUsers().stream().filter(u -> !members.contains(u)).toList());
            members.addAll(joining);
            return joining.isEmpty() ? List.of() : List.of(new MembersAdded(ownerType, owner, joining));
        }
        List<String> leaving = some(List.copyOf(members));
        leaving.forEach(members::remove);
        return List.of(new MembersRemoved(ownerType, owner, leaving));
    }

    private List<Change> assignOrRevoke() {
        String roleHandle = pick(roles.keySet());
        Role role = roles.get(roleHandle);
        boolean toDepartments = random.nextBoolean();
        Map<String, Window> holders = toDepartments ? role.departments : role.users;
        String targetType = toDepartments ? "DEPARTMENT" : "USER";
        if (random.nextInt(4) == 0 && !holders.isEmpty()) {
            List<String> revoked = some(List.copyOf(holders.keySet()));
            revoked.forEach(holders::remove);
            return List.of(new RoleRevoked(roleHandle, targetType, revoked));
        }
        // Assigning again with the same window changes nothing, and the command side records nothing.
        Window window = window();
        List<String> assigned = some(toDepartments ? departmentsWithMembersFirst() : liveUsers()).stream()
                .filter(target -> !window.equals(holders.get(target))).toList();
        assigned.forEach(target -> holders.put(target, window));
        return assigned.isEmpty() ? List.of()
                : List.of(new RoleAssigned(roleHandle, targetType, assigned, window.enableTime(), window.endTime()));
    }

    /** Departments with members (a role assigned there reaches someone), or all of them when none has any. */
    private List<String> departmentsWithMembersFirst() {
        List<String> withMembers = departments.entrySet().stream().filter(d -> !d.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        return withMembers.isEmpty() ? List.copyOf(departments.keySet()) : withMembers;
    }

    private List<Change> authorize() {
        String targetType;
        String target;
        int namespace = random.nextInt(namespaces);
        switch (random.nextInt(5)) { // roles twice as often: their paths need an assignment too
            case 0 -> {
                targetType = "USER";
                target = pick(liveUsers());
            }
            case 1 -> {
                targetType = "GROUP";
                target = pick(groups.keySet());
            }
            case 2 -> {
                targetType = "DEPARTMENT";
                target = pick(departments.keySet());
            }
            default -> {
                targetType = "ROLE";
                target = pick(roles.keySet());
                namespace = roles.get(target).namespace;
            }
        }
        Map<String, ResourceGrant> granted = new LinkedHashMap<>(); // one grant per code in one request
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            ResourceGrant grant = new ResourceGrant(pick(GRANTED_CODES), "DATA", pick(GRANTED_ACTIONS),
                    random.nextInt(4) == 0 ? "DENY" : "ALLOW");
            granted.put(grant.resourceCode(), grant);
        }
        policies.computeIfAbsent(policyKey(targetType, target, namespace), key -> new LinkedHashMap<>())
                .putAll(granted);
        return List.of(new Authorized(targetType, target, namespace, List.copyOf(granted.values())));
    }

    private List<Change> revokeAuthorizations() {
        List<String> granted = policies.entrySet().stream().filter(p -> !p.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        if (granted.isEmpty()) {
            return List.of();
        }
        String key = pick(granted);
        Map<String, ResourceGrant> policy = policies.get(key);
        String[] target = key.split("\\|");
        boolean all = random.nextInt(3) == 0;
        List<String> codes = all ? List.of() : some(List.copyOf(policy.keySet()));
        if (all) {
            policy.clear();
        } else {
            codes.forEach(policy::remove);
        }
        return List.of(new AuthorizationsRevoked(target[0], target[1], Integer.parseInt(target[2]), all, codes));
    }

    private List<Change> updateRole() {
        String roleHandle = pick(roles.keySet());
        Role role = roles.get(roleHandle);
        int choice = random.nextInt(6);
        if (choice < 2) {
            role.status = "ENABLE".equals(role.status) ? "DISABLE" : "ENABLE";
        } else if (choice < 4 && role.disableTime != null) {
            role.disableTime = null; // "never disabled" again
        } else {
            role.disableTime = System.currentTimeMillis() + (random.nextBoolean() ? -HOUR : HOUR);
        }
        return List.of(new RoleUpdated(roleHandle, role.status, role.disableTime, random.nextInt(4) == 0));
    }

    /** Deletes a user, group, department or role and creates another of its kind, so the pools stay filled. */
    private List<Change> deleteAndReplace() {
        List<Change> changes = new ArrayList<>();
        switch (random.nextInt(4)) {
            case 0 -> {
                String user = pick(liveUsers());
                List<String> groupsLeft = removeFromAll(groups, user);
                List<String> departmentsLeft = removeFromAll(departments, user);
                List<String> rolesRevoked = new ArrayList<>();
                roles.forEach((roleHandle, role) -> {
                    if (role.users.remove(user) != null) {
                        rolesRevoked.add(roleHandle);
                    }
                });
                users.put(user, false);
                dropPoliciesOf("USER", user);
                changes.add(new UserDeleted(user, groupsLeft, departmentsLeft, rolesRevoked));
                changes.add(newUser());
            }
            case 1 -> {
                String group = pick(groups.keySet());
                groups.remove(group);
                dropPoliciesOf("GROUP", group);
                changes.add(new GroupDeleted(group));
                changes.add(newGroup());
            }
            case 2 -> {
                String department = pick(departments.keySet());
                List<String> rolesRevoked = new ArrayList<>();
                roles.forEach((roleHandle, role) -> {
                    if (role.departments.remove(department) != null) {
                        rolesRevoked.add(roleHandle);
                    }
                });
                departments.remove(department);
                dropPoliciesOf("DEPARTMENT", department);
                changes.add(new DepartmentDeleted(department, rolesRevoked));
                changes.add(newDepartment());
            }
            default -> {
                String roleHandle = pick(roles.keySet());
                int namespace = roles.remove(roleHandle).namespace;
                dropPoliciesOf("ROLE", roleHandle);
                changes.add(new RoleDeleted(roleHandle));
                changes.add(newRole(namespace));
            }
        }
        return changes;
    }

    private static List<String> removeFromAll(Map<String, Set<String>> owners, String user) {
        List<String> left = new ArrayList<>();
        owners.forEach((owner, members) -> {
            if (members.remove(user)) {
                left.add(owner);
            }
        });
        return left;
    }

    private void dropPoliciesOf(String targetType, String target) {
        for (int namespace = 0; namespace < namespaces; namespace++) {
            policies.remove(policyKey(targetType, target, namespace));
        }
    }

    // ---- entities and random picks -----------------------------------------------------------------------

    private Change newUser() {
        String user = "u" + ++nextHandle;
        users.put(user, true);
        return new UserCreated(user);
    }

    private Change newGroup() {
        String group = "g" + ++nextHandle;
        groups.put(group, new LinkedHashSet<>());
        return new GroupCreated(group);
    }

    private Change newDepartment() {
        String department = "d" + ++nextHandle;
        departments.put(department, new LinkedHashSet<>());
        return new DepartmentCreated(department);
    }

    private Change newRole(int namespace) {
        String role = "r" + ++nextHandle;
        roles.put(role, new Role(namespace));
        return new RoleCreated(role, namespace);
    }

    private Window window() {
        long now = System.currentTimeMillis();
        return switch (random.nextInt(6)) {
            case 0 -> new Window(now - 2 * HOUR, now - HOUR);
            case 1 -> new Window(now + HOUR, null);
            case 2 -> new Window(now - HOUR, now + HOUR);
            default -> new Window(null, null);
        };
    }

    private List<String> liveUsers() {
        return users.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    /** One to three of these, at random (none when there are none). */
    private List<String> some(List<String> from) {
        List<String> shuffled = new ArrayList<>(from);
        Collections.shuffle(shuffled, random);
        return new ArrayList<>(shuffled.subList(0, Math.min(shuffled.size(), 1 + random.nextInt(3))));
    }

    private <T> T pick(Collection<T> from) {
        List<T> list = new ArrayList<>(from);
        return list.get(random.nextInt(list.size()));
    }
}
