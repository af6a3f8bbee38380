package dev.authz.command.history;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.lookup.CodeRegistry.Kind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads of code_history (written by {@link dev.authz.command.lookup.JdbcCodeRegistry}): every entity that ever
 * held a code in a scope of the pool, whether it still holds it, was renamed away or was deleted.
 */
@Component
public class CodeHistory {
    private final JdbcTemplate jdbc;

    public CodeHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An entity that held the code, and when it last claimed it. */
    public record Holder(String aggregateId, String scope, Instant claimedAt) {
    }

    /** The holders of the code in any of the scopes, the most recent claim first. */
    public List<Holder> holders(Kind kind, String poolId, Collection<String> scopes, String code) {
        if (scopes.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT aggregate_id, scope, claimed_at FROM code_history "
                        + "WHERE pool_id = ? AND kind = ? AND scope = ANY(?::varchar[]) AND code = ? "
                        + "ORDER BY claimed_at DESC, aggregate_id",
                (row, n) -> new Holder(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant()),
                poolId, kind.name(), scopes.toArray(String[]::new), code);
    }

    /** Every entity that ever held one of the codes in the scope. */
    public List<String> aggregatesThatHeld(Kind kind, String poolId, String scope, Collection<String> codes) {
        return jdbc.queryForList("SELECT DISTINCT aggregate_id FROM code_history "
                        + "WHERE pool_id = ? AND kind = ? AND scope = ? AND code = ANY(?::varchar[])",
                String.class, poolId, kind.name(), scope, codes.toArray(String[]::new));
    }

    /** The holders of the code, the most recent first; none at all is {@code missing}. */
    public List<Holder> require(Kind kind, String poolId, Collection<String> scopes, String code, ErrorCode missing) {
        List<Holder> holders = holders(kind, poolId, scopes, code);
        if (holders.isEmpty()) {
            throw new ApiException(missing);
        }
        return holders;
    }

    /** The holder named by {@code aggregateId} (it must have held the code), or the most recent one. */
    public static Holder pick(List<Holder> holders, String aggregateId, ErrorCode missing) {
        if (aggregateId == null || aggregateId.isEmpty()) {
            return holders.get(0);
        }
        return holders.stream().filter(h -> h.aggregateId().equals(aggregateId)).findFirst()
                .orElseThrow(() -> new ApiException(missing, null, "aggregateId " + aggregateId
                        + " never held this code"));
    }

    /** The ids of every entity that held the pool-wide code, the most recent first. */
    public List<String> idsOf(Kind kind, String poolId, String code, Supplier<ApiException> missing) {
        List<Holder> holders = holders(kind, poolId, List.of(CodeRegistry.POOL_WIDE), code);
        if (holders.isEmpty()) {
            throw missing.get();
        }
        return holders.stream().map(Holder::aggregateId).toList();
    }
}
