package dev.authz.command.role;

import dev.authz.command.InMemoryMemberships;
import dev.authz.command.organization.DepartmentMemberships;
import dev.authz.command.organization.DepartmentTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Plain-object role assignments, department tree and department memberships for fixture tests. */
public class InMemoryRoleLookups implements RoleAssignments, DepartmentTree, DepartmentMemberships {
    /** role|type|target to {enableTime, endTime}. */
    private final Map<String, Long[]> assignments = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, String> nodePools = new HashMap<>();
    private final InMemoryMemberships members = new InMemoryMemberships();

    public boolean holds(String roleId, String type, String targetId) {
        return assignments.containsKey(roleId + "|" + type + "|" + targetId);
    }

    public Long[] window(String roleId, String type, String targetId) {
        return assignments.get(roleId + "|" + type + "|" + targetId);
    }

    public boolean isMember(String departmentId, String userId) {
        return members.contains(departmentId, userId);
    }

    @Override
    public List<String> assign(String poolId, String roleId, String targetType, List<String> targetIds,
                               Long enableTime, Long endTime) {
        List<String> changed = new ArrayList<>();
        for (String id : targetIds) {
            Long[] before = assignments.put(roleId + "|" + targetType + "|" + id, new Long[]{enableTime, endTime});
            if (before == null || !Objects.equals(before[0], enableTime) || !Objects.equals(before[1], endTime)) {
                changed.add(id);
            }
        }
        return changed;
    }

    @Override
    public List<String> revoke(String poolId, String roleId, String targetType, List<String> targetIds) {
        return targetIds.stream().filter(id -> assignments.remove(roleId + "|" + targetType + "|" + id) != null)
                .toList();
    }

    @Override
    public void revokeAll(String roleId) {
        assignments.keySet().removeIf(key -> key.startsWith(roleId + "|"));
    }

    @Override
    public List<String> rolesOf(String poolId, String targetType, String targetId) {
        return assignments.keySet().stream().filter(key -> key.endsWith("|" + targetType + "|" + targetId))
                .map(key -> key.substring(0, key.indexOf('|'))).sorted().toList();
    }

    @Override
    public void add(String poolId, String departmentId, String organizationId, String parentId) {
        nodes.put(departmentId, new Node(departmentId, organizationId, parentId));
        nodePools.put(departmentId, poolId);
    }

    @Override
    public void move(String departmentId, String newParentId) {
        Node node = nodes.get(departmentId);
        nodes.put(departmentId, new Node(departmentId, node.organizationId(), newParentId));
    }

    @Override
    public void remove(String departmentId) {
        nodes.remove(departmentId);
    }

    @Override
    public Optional<Node> find(String poolId, String departmentId) {
        return Optional.ofNullable(nodes.get(departmentId)).filter(node -> poolId.equals(nodePools.get(departmentId)));
    }

    @Override
    public List<String> subtree(String departmentId) {
        List<String> ids = new ArrayList<>(List.of(departmentId));
        for (int i = 0; i < ids.size(); i++) {
            String parent = ids.get(i);
            nodes.values().stream().filter(node -> parent.equals(node.parentId()))
                    .forEach(node -> ids.add(node.departmentId()));
        }
        java.util.Collections.reverse(ids);
        return ids;
    }

    @Override
    public List<String> ofOrganization(String organizationId) {
        return nodes.values().stream().filter(node -> node.organizationId().equals(organizationId) && node.isRoot())
                .findFirst().map(root -> subtree(root.departmentId())).orElse(List.of());
    }

    @Override
    public List<String> addNew(String poolId, String departmentId, List<String> userIds) {
        return members.insertNew(departmentId, userIds);
    }

    @Override
    public List<String> removeExisting(String poolId, String departmentId, List<String> userIds) {
        return members.deleteExisting(departmentId, userIds);
    }

    @Override
    public void removeAll(String departmentId) {
        members.deleteAll(departmentId);
    }

    @Override
    public List<String> departmentsOf(String poolId, String userId) {
        return members.containersOf(userId);
    }
}
