package dev.authz.command.role;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.organization.DepartmentTree;
import dev.authz.command.role.RoleCommands.AssignRole;
import dev.authz.command.role.RoleCommands.CreateRole;
import dev.authz.command.role.RoleCommands.RevokeRole;
import dev.authz.command.role.RoleCommands.Target;
import dev.authz.command.role.RoleCommands.UpdateRole;
import dev.authz.command.user.UserAccounts;
import dev.authz.kit.web.Params;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.authz.command.lookup.CodeRegistry.Kind.ROLE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A role: code (unique in its namespace), name, description, status and disable time. Its holders are not
 * part of the state (see {@link RoleAssignments}): an assignment command touches only its own targets' rows.
 */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class RoleAggregate {
    @AggregateIdentifier
    private String roleId;
    private String poolId;
    private String namespaceId;
    private String code;
    private String name;
    private String description;
    private String status;
    private Long disableTime;

    protected RoleAggregate() {
        // for event sourcing
    }

    @CommandHandler
    public RoleAggregate(CreateRole command, CodeRegistry codes) {
        Params.kindCode("role", "code", command.code());
        codes.claim(ROLE, command.poolId(), command.namespaceId(), command.code(), command.roleId());
        apply(new RoleCreated(command.poolId(), command.roleId(), command.namespaceId(), command.code(),
                command.name() == null ? command.code() : command.name(),
                command.description() == null ? "" : command.description(), RoleCommands.ENABLE,
                command.disableTime()));
    }

    @CommandHandler
    public void handle(UpdateRole command, CodeRegistry codes) {
        requirePool(command.poolId());
        String newCode = command.newCode() == null ? code : Params.kindCode("role", "newCode", command.newCode());
        String newStatus = command.status() == null ? status : command.status();
        if (!RoleCommands.ENABLE.equals(newStatus) && !RoleCommands.DISABLE.equals(newStatus)) {
            throw ApiException.invalid("status", "ENABLE or DISABLE");
        }
        if (!newCode.equals(code)) {
            codes.move(ROLE, poolId, namespaceId, code, newCode);
        }
        apply(new RoleUpdated(poolId, roleId, namespaceId, newCode, code,
                command.name() != null ? command.name() : name,
                command.description() != null ? command.description() : description, newStatus,
                command.clearDisableTime() ? null
                        : command.disableTime() != null ? command.disableTime() : disableTime));
    }

    /** Called for each role of a delete command (see {@link RoleBatchCommandHandler}); assignments end with it. */
    public void delete(String requestingPool, CodeRegistry codes, RoleAssignments assignments) {
        requirePool(requestingPool);
        codes.release(ROLE, poolId, namespaceId, code);
        assignments.revokeAll(roleId);
        apply(new RoleDeleted(poolId, roleId, namespaceId, code));
    }

    @CommandHandler
    public void handle(AssignRole command, UserAccounts users, DepartmentTree departments,
                       RoleAssignments assignments) {
        assign(command, users, departments, assignments);
    }

    /**
     * Unknown users or departments fail the whole command. Assigning again with the same window changes
     * nothing; with another window it updates the window. The event lists only new or changed targets.
     */
    public void assign(AssignRole command, UserAccounts users, DepartmentTree departments,
                       RoleAssignments assignments) {
        requirePool(command.poolId());
        if (command.enableTime() != null && command.endTime() != null && command.endTime() <= command.enableTime()) {
            throw ApiException.invalid("endTime", "must be after enableTime");
        }
        Map<String, List<String>> byType = checkedTargets(command.targets(), users, departments);
        byType.forEach((type, ids) -> {
            List<String> changed = assignments.assign(poolId, roleId, type, ids, command.enableTime(),
                    command.endTime());
            if (!changed.isEmpty()) {
                apply(new RoleAssigned(poolId, roleId, namespaceId, type, changed, command.enableTime(),
                        command.endTime()));
            }
        });
    }

    @CommandHandler
    public void handle(RevokeRole command, UserAccounts users, DepartmentTree departments,
                       RoleAssignments assignments) {
        revoke(command, users, departments, assignments);
    }

    /** Only targets that hold the role are revoked (and listed in the event); revoking twice is harmless. */
    public void revoke(RevokeRole command, UserAccounts users, DepartmentTree departments,
                       RoleAssignments assignments) {
        requirePool(command.poolId());
        checkedTargets(command.targets(), users, departments).forEach((type, ids) ->
                revokeTargets(type, ids, RoleCommands.REQUESTED,
                        assignments));
    }

    /** Also used when a user or a department is deleted: reason USER_DELETED or DEPARTMENT_DELETED. */
    public void revokeTargets(String type, List<String> ids, String reason, RoleAssignments assignments) {
        List<String> removed = assignments.revoke(poolId, roleId, type, ids);
        if (!removed.isEmpty()) {
            apply(new RoleRevoked(poolId, roleId, namespaceId, type, removed, reason));
        }
    }

    private Map<String, List<String>> checkedTargets(List<Target> targets, UserAccounts users,
                                                     DepartmentTree departments) {
        Map<String, Set<String>> byType = new LinkedHashMap<>();
        for (Target target : targets) {
            byType.computeIfAbsent(target.type(), t -> new LinkedHashSet<>()).add(target.id());
        }
        Map<String, List<String>> checked = new LinkedHashMap<>();
        byType.forEach((type, ids) -> {
            List<String> list = List.copyOf(ids);
            if (RoleCommands.USER.equals(type)) {
                List<String> unknown = users.missing(poolId, list);
                if (!unknown.isEmpty()) {
                    throw new ApiException(ErrorCode.USER_NOT_FOUND, null, "no user " + String.join(", ", unknown));
                }
            } else if (RoleCommands.DEPARTMENT.equals(type)) {
                for (String id : list) {
                    if (departments.find(poolId, id).isEmpty()) {
                        throw new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND, null, "no department " + id);
                    }
                }
            } else {
                throw ApiException.invalid("targetType", "USER or DEPARTMENT");
            }
            checked.put(type, list);
        });
        return checked;
    }

    /** A command of another pool never learns that this role exists. */
    private void requirePool(String requestingPool) {
        if (!poolId.equals(requestingPool)) {
            throw new ApiException(ErrorCode.ROLE_NOT_FOUND);
        }
    }

    @EventSourcingHandler
    void on(RoleCreated event) {
        roleId = event.roleId();
        poolId = event.poolId();
        namespaceId = event.namespaceId();
        code = event.code();
        name = event.name();
        description = event.description();
        status = event.status();
        disableTime = event.disableTime();
    }

    @EventSourcingHandler
    void on(RoleUpdated event) {
        code = event.code();
        name = event.name();
        description = event.description();
        status = event.status();
        disableTime = event.disableTime();
    }

    @EventSourcingHandler
    void on(RoleDeleted event) {
        markDeleted();
    }
}
