package dev.authz.command;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.command.group.GroupMemberships;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.user.UserAccounts;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Plain-object lookups for aggregate fixture tests (the JDBC ones are tested against PostgreSQL). */
public class InMemoryLookups implements CodeRegistry, GroupMemberships, UserAccounts {
    private final Map<String, String> idByCode = new HashMap<>();
    private final InMemoryMemberships memberships = new InMemoryMemberships();
    private final Set<String> users = new HashSet<>();
    private final Map<String, String> userKeys = new HashMap<>();

    public InMemoryLookups withUsers(String poolId, String... userIds) {
        for (String userId : userIds) {
            users.add(poolId + "/" + userId);
        }
        return this;
    }

    public InMemoryLookups withCode(String poolId, String code, String groupId) {
        claim(Kind.GROUP, poolId, POOL_WIDE, code, groupId);
        return this;
    }

    /** The group of a code in a pool, as the group endpoints look it up. */
    public Optional<String> groupIdOf(String poolId, String code) {
        return idOf(Kind.GROUP, poolId, POOL_WIDE, code);
    }

    public InMemoryLookups withMember(String poolId, String groupId, String userId) {
        addNew(poolId, groupId, List.of(userId));
        return this;
    }

    public boolean isMember(String groupId, String userId) {
        return memberships.contains(groupId, userId);
    }

    @Override
    public void claim(Kind kind, String poolId, String scope, String code, String entityId) {
        if (idByCode.putIfAbsent(key(kind, poolId, scope, code), entityId) != null) {
            throw new ApiException(kind.taken(), code);
        }
    }

    @Override
    public void move(Kind kind, String poolId, String scope, String fromCode, String toCode) {
        claim(kind, poolId, scope, toCode, idByCode.get(key(kind, poolId, scope, fromCode)));
        release(kind, poolId, scope, fromCode);
    }

    @Override
    public void release(Kind kind, String poolId, String scope, String code) {
        idByCode.remove(key(kind, poolId, scope, code));
    }

    @Override
    public Optional<String> idOf(Kind kind, String poolId, String scope, String code) {
        return Optional.ofNullable(idByCode.get(key(kind, poolId, scope, code)));
    }

    private static String key(Kind kind, String poolId, String scope, String code) {
        return kind + "/" + poolId + "/" + scope + "/" + code;
    }

    @Override
    public List<String> addNew(String poolId, String groupId, List<String> userIds) {
        return memberships.insertNew(groupId, userIds);
    }

    @Override
    public List<String> removeExisting(String poolId, String groupId, List<String> userIds) {
        return memberships.deleteExisting(groupId, userIds);
    }

    @Override
    public void removeAll(String groupId) {
        memberships.deleteAll(groupId);
    }

    @Override
    public List<String> groupsOf(String poolId, String userId) {
        return memberships.containersOf(userId);
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
