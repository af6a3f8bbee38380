package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.web.Page;
import dev.authz.api.web.RoleAsOfDto;
import dev.authz.api.web.RoleAssignmentDto;

import java.time.Instant;

/**
 * A role's attributes folded from its events. Its assignments are not folded here: {@link MembershipsAsOf} counts
 * and pages them in PostgreSQL, so a role assigned to a million users does not have to fit in memory.
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

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof RoleCreated created) {
            roleId = created.roleId();
            namespaceId = created.namespaceId();
            describe(created.code(), created.name(), created.description(), created.status(), created.disableTime());
        } else if (event instanceof RoleUpdated updated) {
            describe(updated.code(), updated.name(), updated.description(), updated.status(), updated.disableTime());
        } else if (event instanceof RoleDeleted) {
            deleted = true;
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

    String roleId() {
        return roleId;
    }

    /** Deleted: no assignments (they ended with the role, without a revocation each). */
    boolean deleted() {
        return deleted;
    }

    /** {@code assignments}: those whose window contains {@code at}. */
    RoleAsOfDto dto(Instant at, MembershipsAsOf.Paged<RoleAssignmentDto> assignments) {
        return new RoleAsOfDto(at.toString(), roleId, namespaceId, code, name, description, status, disableTime,
                deleted, new Page<>(assignments.total(), assignments.page()));
    }
}
