package dev.authz.command.group;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Group codes in PostgreSQL. The primary key (pool_id, code) is the whole race protection: of two
 * concurrent claims the second waits for the first transaction and then finds the row.
 */
@Component
public class JdbcGroupCodes implements GroupCodes {
    private final JdbcTemplate jdbc;

    public JdbcGroupCodes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claim(String poolId, String code, String groupId) {
        int inserted = jdbc.update("INSERT INTO group_code (pool_id, code, group_id) VALUES (?, ?, ?) "
                + "ON CONFLICT (pool_id, code) DO NOTHING", poolId, code, groupId);
        if (inserted == 0) {
            throw new ApiException(ErrorCode.GROUP_CODE_EXISTS, code);
        }
    }

    @Override
    public void move(String poolId, String fromCode, String toCode) {
        try {
            jdbc.update("UPDATE group_code SET code = ? WHERE pool_id = ? AND code = ?", toCode, poolId, fromCode);
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.GROUP_CODE_EXISTS, toCode);
        }
    }

    @Override
    public void release(String poolId, String code) {
        jdbc.update("DELETE FROM group_code WHERE pool_id = ? AND code = ?", poolId, code);
    }

    @Override
    public Optional<String> groupIdOf(String poolId, String code) {
        return jdbc.queryForList("SELECT group_id FROM group_code WHERE pool_id = ? AND code = ?",
                String.class, poolId, code).stream().findFirst();
    }
}
