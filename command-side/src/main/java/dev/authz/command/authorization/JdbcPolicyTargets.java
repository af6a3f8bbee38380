package dev.authz.command.authorization;

import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.user.UserAccounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Users are live accounts; roles, groups and departments exist while their code is registered (the
 * registry row goes with the entity's deletion, in the same transaction).
 */
@Component
public class JdbcPolicyTargets implements PolicyTargets {
    private final JdbcTemplate jdbc;
    private final UserAccounts users;

    public JdbcPolicyTargets(JdbcTemplate jdbc, UserAccounts users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    @Override
    public boolean exists(String poolId, TargetType type, String targetId) {
        CodeRegistry.Kind kind = switch (type) {
            case USER, DEPARTMENT -> null;
            case ROLE -> CodeRegistry.Kind.ROLE;
            case GROUP -> CodeRegistry.Kind.GROUP;
        };
        if (type == TargetType.DEPARTMENT) { // department codes are optional: the tree knows every department
            return !jdbc.queryForList("SELECT 1 FROM department_node WHERE pool_id = ? AND department_id = ?",
                    Integer.class, poolId, targetId).isEmpty();
        }
        if (kind == null) {
            return users.missing(poolId, List.of(targetId)).isEmpty();
        }
        return !jdbc.queryForList("SELECT 1 FROM code_registry WHERE pool_id = ? AND kind = ? AND entity_id = ?",
                Integer.class, poolId, kind.name(), targetId).isEmpty();
    }
}
