package dev.authz.command;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.command.group.GroupCodes;
import dev.authz.command.group.GroupMemberships;
import dev.authz.command.user.UserAccounts;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Plain-object lookups for aggregate fixture tests (the JDBC ones are tested against PostgreSQL). */
public class InMemoryLookups implements GroupCodes, GroupMemberships, UserAccounts {
    private final Map<String, String> groupIdByPoolAndCode = new HashMap<>();
    private final Set<String> memberships = new HashSet<>();
    private final Set<String> users = new HashSet<>();
    private final Map<String, String> userKeys = new HashMap<>();

    public InMemoryLookups withUsers(String poolId, String... userIds) {
        for (String userId : userIds) {
            users.add(poolId + "/" + userId);
        }
        return this;
    }

    public InMemoryLookups withCode(String poolId, String code, String groupId) {
        claim(poolId, code, groupId);
        return this;
    }

    public InMemoryLookups withMember(String poolId, String groupId, String userId) {
        addNew(poolId, groupId, List.of(userId));
        return this;
    }

    public boolean isMember(String groupId, String userId) {
        return memberships.contains(groupId + "/" + userId);
    }

    @Override
    public void claim(String poolId, String code, String groupId) {
        if (groupIdByPoolAndCode.putIfAbsent(poolId + "/" + code, groupId) != null) {
            throw new ApiException(ErrorCode.GROUP_CODE_EXISTS, code);
        }
    }

    @Override
    public void move(String poolId, String fromCode, String toCode) {
        String groupId = groupIdByPoolAndCode.get(poolId + "/" + fromCode);
        claim(poolId, toCode, groupId);
        release(poolId, fromCode);
    }

    @Override
    public void release(String poolId, String code) {
        groupIdByPoolAndCode.remove(poolId + "/" + code);
    }

    @Override
    public Optional<String> groupIdOf(String poolId, String code) {
        return Optional.ofNullable(groupIdByPoolAndCode.get(poolId + "/" + code));
    }

    @Override
    public List<String> addNew(String poolId, String groupId, List<String> userIds) {
        return userIds.stream().filter(userId -> memberships.add(groupId + "/" + userId)).toList();
    }

    @Override
    public List<String> removeExisting(String poolId, String groupId, List<String> userIds) {
        return userIds.stream().filter(userId -> memberships.remove(groupId + "/" + userId)).toList();
    }

    @Override
    public void removeAll(String groupId) {
        memberships.removeIf(key -> key.startsWith(groupId + "/"));
    }

    @Override
    public List<String> groupsOf(String poolId, String userId) {
        return memberships.stream().filter(key -> key.endsWith("/" + userId))
                .map(key -> key.substring(0, key.indexOf('/'))).sorted().toList();
    }

    @Override
    public List<String> missing(String poolId, Collection<String> userIds) {
        return userIds.stream().filter(userId -> !users.contains(poolId + "/" + userId)).toList();
    }

    @Override
    public void register(String poolId, String userId, Map<Key, String> keys) {
        keys.forEach((kind, value) -> {
            if (userKeys.putIfAbsent(poolId + "/" + kind + "/" + value, userId) != null) {
                throw new ApiException(ErrorCode.USER_EXISTS, kind + " " + value);
            }
        });
        users.add(poolId + "/" + userId);
    }

    @Override
    public void rekey(String poolId, String userId, Map<Key, String> oldKeys, Map<Key, String> newKeys) {
        oldKeys.forEach((kind, value) -> userKeys.remove(poolId + "/" + kind + "/" + value));
        register(poolId, userId, newKeys);
    }

    @Override
    public boolean lockForDeletion(String poolId, String userId) {
        return users.contains(poolId + "/" + userId);
    }

    @Override
    public void unregister(String poolId, String userId) {
        users.remove(poolId + "/" + userId);
        userKeys.values().removeIf(userId::equals);
    }

    @Override
    public Optional<String> find(String poolId, Key key, String value) {
        return key == null ? Optional.of(value).filter(id -> users.contains(poolId + "/" + id))
                : Optional.ofNullable(userKeys.get(poolId + "/" + key + "/" + value));
    }
}
