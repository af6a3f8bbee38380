package dev.authz.command.user;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

@Component
public class JdbcUserAccounts implements UserAccounts {
    private final JdbcTemplate jdbc;

    public JdbcUserAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> missing(String poolId, Collection<String> userIds) {
        // FOR SHARE: a concurrent delete of one of these users waits for us (and we never add a ghost).
        Set<String> live = new HashSet<>(jdbc.queryForList(
                "SELECT user_id FROM user_account WHERE pool_id = ? AND user_id = ANY(?::varchar[]) FOR SHARE",
                String.class, poolId, userIds.toArray(String[]::new)));
        return userIds.stream().filter(id -> !live.contains(id)).toList();
    }

    @Override
    public void register(String poolId, String userId, Map<Key, String> keys) {
        jdbc.update("INSERT INTO user_account (pool_id, user_id) VALUES (?, ?)", poolId, userId);
        keys.forEach((kind, value) -> claim(poolId, userId, kind, value));
    }

    @Override
    public void rekey(String poolId, String userId, Map<Key, String> oldKeys, Map<Key, String> newKeys) {
        for (Key kind : Key.values()) {
            String before = oldKeys.get(kind);
            String after = newKeys.get(kind);
            if (Objects.equals(before, after)) {
                continue;
            }
            if (before != null) {
                jdbc.update("DELETE FROM user_key WHERE pool_id = ? AND kind = ? AND value = ?",
                        poolId, kind.name(), before);
            }
            if (after != null) {
                claim(poolId, userId, kind, after);
            }
        }
    }

    @Override
    public boolean lockForDeletion(String poolId, String userId) {
        return !jdbc.queryForList("SELECT user_id FROM user_account WHERE pool_id = ? AND user_id = ? FOR UPDATE",
                String.class, poolId, userId).isEmpty();
    }

    @Override
    public void unregister(String poolId, String userId) {
        jdbc.update("DELETE FROM user_key WHERE pool_id = ? AND user_id = ?", poolId, userId);
        jdbc.update("DELETE FROM user_account WHERE pool_id = ? AND user_id = ?", poolId, userId);
    }

    @Override
    public Optional<String> find(String poolId, Key key, String value) {
        List<String> found = key == null
                ? jdbc.queryForList("SELECT user_id FROM user_account WHERE pool_id = ? AND user_id = ?",
                String.class, poolId, value)
                : jdbc.queryForList("SELECT user_id FROM user_key WHERE pool_id = ? AND kind = ? AND value = ?",
                String.class, poolId, key.name(), UserKeys.normalize(key, value));
        return found.stream().findFirst();
    }

    private void claim(String poolId, String userId, Key kind, String value) {
        int inserted = jdbc.update("INSERT INTO user_key (pool_id, kind, value, user_id) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (pool_id, kind, value) DO NOTHING", poolId, kind.name(), value, userId);
        if (inserted == 0) {
            throw new ApiException(ErrorCode.USER_EXISTS, kind.name().toLowerCase() + " " + value);
        }
    }
}
