package dev.authz.command.history;

import dev.authz.api.authorization.PermissionRules;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.web.Page;
import dev.authz.api.web.RoleAsOfDto;
import dev.authz.api.web.RoleAssignmentDto;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A role folded from its events: attributes and assignments (an assignment again with another window replaces
 * the window; a revocation or the role's deletion ends it).
 */
final class RoleState implements EntityState {
    private String roleId;
    private String namespaceId;
    private String code;
    private String name;
    private String description;
    private String status;
    private Long disableTime;
    private boolean deleted;
    private final Map<String, RoleAssignmentDto> assignments = new LinkedHashMap<>();

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof RoleCreated created) {
            roleId = created.roleId();
            namespaceId = created.namespaceId();
            describe(created.code(), created.name(), created.description(), created.status(), created.disableTime());
        } else if (event instanceof RoleUpdated updated) {
            describe(updated.code(), updated.name(), updated.description(), updated.status(), updated.disableTime());
        } else if (event instanceof RoleAssigned assigned) {
            assigned.targetIds().forEach(id -> assignments.put(assigned.targetType() + "|" + id,
                    new RoleAssignmentDto(assigned.targetType(), id, assigned.enableTime(), assigned.endTime())));
        } else if (event instanceof RoleRevoked revoked) {
            revoked.targetIds().forEach(id -> assignments.remove(revoked.targetType() + "|" + id));
        } else if (event instanceof RoleDeleted) {
            deleted = true;
            assignments.clear();
        }
    }

    private void describe(String code, String name, String description, String status, Long disableTime) {
        this.code = code;
        this.name = name;
        this.description = description;
        this.status = status;
        this.disableTime = disableTime;
    }

    @Override
    public boolean created() {
        return roleId != null;
    }

    @Override
    public String code() {
        return code;
    }

    /** Only the assignments whose window contains {@code at}. */
    RoleAsOfDto dto(Instant at, int page, int limit) {
        long millis = at.toEpochMilli();
        List<RoleAssignmentDto> counting = assignments.values().stream()
                .filter(a -> PermissionRules.active(a.enableTime(), a.endTime(), null, millis)).toList();
        return new RoleAsOfDto(at.toString(), roleId, namespaceId, code, name, description, status, disableTime,
                deleted, new Page<>(counting.size(), Pages.slice(counting, page, limit)));
    }
}
