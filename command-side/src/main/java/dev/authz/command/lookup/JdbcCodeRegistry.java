package dev.authz.command.lookup;

import dev.authz.api.error.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Codes in PostgreSQL. The primary key (pool_id, kind, scope, code) is the whole race protection: of two
 * concurrent claims the second waits for the first transaction and then finds the row.
 */
@Component
public class JdbcCodeRegistry implements CodeRegistry {
    private final JdbcTemplate jdbc;

    public JdbcCodeRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every code an entity ever held stays in code_history (released codes too), so its history is found by an
     * old code or after its deletion; the entity's latest claim of a code dates the row. Appended to a statement
     * whose {@code claimed} rows are the registry rows it wrote, so a claim is one round trip.
     */
    private static final String AND_REMEMBER_CLAIMED = " INSERT INTO code_history "
            + "(pool_id, kind, scope, code, aggregate_id, claimed_at) "
            + "SELECT pool_id, kind, scope, code, entity_id, clock_timestamp() FROM claimed "
            + "ON CONFLICT (pool_id, kind, scope, code, aggregate_id) DO UPDATE SET claimed_at = excluded.claimed_at";

    @Override
    public void claim(Kind kind, String poolId, String scope, String code, String entityId) {
        int claimed = jdbc.update("WITH claimed AS (INSERT INTO code_registry (pool_id, kind, scope, code, entity_id) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (pool_id, kind, scope, code) DO NOTHING "
                + "RETURNING pool_id, kind, scope, code, entity_id)" + AND_REMEMBER_CLAIMED,
                poolId, kind.name(), scope, code, entityId);
        if (claimed == 0) {
            throw new ApiException(kind.taken(), code);
        }
    }

    @Override
    public void move(Kind kind, String poolId, String scope, String fromCode, String toCode) {
        try {
            jdbc.update("WITH claimed AS (UPDATE code_registry SET code = ? "
                            + "WHERE pool_id = ? AND kind = ? AND scope = ? AND code = ? "
                            + "RETURNING pool_id, kind, scope, code, entity_id)" + AND_REMEMBER_CLAIMED,
                    toCode, poolId, kind.name(), scope, fromCode);
        } catch (DuplicateKeyException e) {
            throw new ApiException(kind.taken(), toCode);
        }
    }

    @Override
    public void release(Kind kind, String poolId, String scope, String code) {
        jdbc.update("DELETE FROM code_registry WHERE pool_id = ? AND kind = ? AND scope = ? AND code = ?",
                poolId, kind.name(), scope, code);
    }

    @Override
    public Optional<String> idOf(Kind kind, String poolId, String scope, String code) {
        return jdbc.queryForList("SELECT entity_id FROM code_registry "
                        + "WHERE pool_id = ? AND kind = ? AND scope = ? AND code = ?",
                String.class, poolId, kind.name(), scope, code).stream().findFirst();
    }
}
