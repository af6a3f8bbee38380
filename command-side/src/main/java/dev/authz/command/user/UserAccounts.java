package dev.authz.command.user;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live users of each pool and their unique keys (username, email, phone, externalId), written in the
 * caller's transaction like every lookup of the write side.
 */
public interface UserAccounts {

    /** Unique key kinds, also the userIdType values that address a user by that key. */
    enum Key { USERNAME, EMAIL, PHONE, EXTERNAL_ID }

    /**
     * The ids among {@code userIds} that are not live users of the pool. The live ones stay locked until
     * the transaction ends, so none of them can be deleted meanwhile.
     */
    List<String> missing(String poolId, Collection<String> userIds);

    /** @throws dev.authz.api.error.ApiException USER_EXISTS when a key is already used in the pool */
    void register(String poolId, String userId, Map<Key, String> keys);

    /** Releases the keys that changed and claims the new ones. */
    void rekey(String poolId, String userId, Map<Key, String> oldKeys, Map<Key, String> newKeys);

    /**
     * Locks a live user against concurrent membership changes until the transaction ends; false when the
     * pool has no such user.
     */
    boolean lockForDeletion(String poolId, String userId);

    void unregister(String poolId, String userId);

    /** The user id addressed by a key, or by its id when {@code key} is null. */
    Optional<String> find(String poolId, Key key, String value);
}
