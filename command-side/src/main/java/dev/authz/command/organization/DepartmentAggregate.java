package dev.authz.command.organization;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DepartmentUpdated;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.organization.OrganizationCommands.AddDepartmentMembers;
import dev.authz.command.organization.OrganizationCommands.CreateDepartment;
import dev.authz.command.organization.OrganizationCommands.DepartmentState;
import dev.authz.command.organization.OrganizationCommands.RemoveDepartmentMembers;
import dev.authz.command.organization.OrganizationCommands.UpdateDepartment;
import dev.authz.command.role.RoleCommands;
import dev.authz.command.user.UserAccounts;
import dev.authz.kit.web.Params;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Objects;

import static dev.authz.command.lookup.CodeRegistry.Kind.DEPARTMENT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A department of an organization: its place in the tree, code (unique in the organization, optional), name
 * and description. Members live beside it ({@link DepartmentMemberships}), its place also in {@link DepartmentTree}.
 */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class DepartmentAggregate {
    @AggregateIdentifier
    private String departmentId;
    private String poolId;
    private String organizationId;
    private String parentDepartmentId;
    private String code;
    private String name;
    private String description;

    protected DepartmentAggregate() {
        // for event sourcing
    }

    @CommandHandler
    public DepartmentAggregate(CreateDepartment command, CodeRegistry codes, DepartmentTree tree) {
        if (command.code() != null) {
            Params.kindCode("organization", "code", command.code());
            codes.claim(DEPARTMENT, command.poolId(), command.organizationId(), command.code(),
                    command.departmentId());
        }
        if (command.parentDepartmentId() != null) {
            DepartmentTree.Node parent = tree.find(command.poolId(), command.parentDepartmentId())
                    .filter(node -> node.organizationId().equals(command.organizationId()))
                    .orElseThrow(() -> new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND, null,
                            "no parent department " + command.parentDepartmentId()));
            Objects.requireNonNull(parent);
        }
        tree.add(command.poolId(), command.departmentId(), command.organizationId(), command.parentDepartmentId());
        apply(new DepartmentCreated(command.poolId(), command.departmentId(), command.organizationId(),
                command.parentDepartmentId(), command.code(), command.name(), command.description()));
    }

    @CommandHandler
    public DepartmentState handle(UpdateDepartment command, CodeRegistry codes, DepartmentTree tree) {
        requirePool(command.poolId());
        String newCode = command.newCode() == null ? code : Params.kindCode("organization", "code", command.newCode());
        if (!Objects.equals(newCode, code)) {
            if (code == null) {
                codes.claim(DEPARTMENT, poolId, organizationId, newCode, departmentId);
            } else {
                codes.move(DEPARTMENT, poolId, organizationId, code, newCode);
            }
        }
        String newParent = parentDepartmentId;
        if (command.parentDepartmentId() != null && !command.parentDepartmentId().equals(parentDepartmentId)) {
            if (parentDepartmentId == null) {
                throw ApiException.invalid("parentDepartmentId", "the root department stays the root");
            }
            tree.find(poolId, command.parentDepartmentId())
                    .filter(node -> node.organizationId().equals(organizationId))
                    .orElseThrow(() -> new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND, null,
                            "no parent department " + command.parentDepartmentId()));
            if (tree.subtree(departmentId).contains(command.parentDepartmentId())) {
                throw ApiException.invalid("parentDepartmentId", "a department cannot move below itself");
            }
            tree.move(departmentId, command.parentDepartmentId());
            newParent = command.parentDepartmentId();
        }
        apply(new DepartmentUpdated(poolId, departmentId, organizationId, newParent, newCode, code,
                command.name() != null ? command.name() : name,
                command.description() != null ? command.description() : description));
        return state();
    }

    /** Called for each department being deleted (see {@link OrganizationCommandHandler}); members leave with it. */
    public void delete(String requestingPool, CodeRegistry codes, DepartmentTree tree,
                       DepartmentMemberships memberships) {
        requirePool(requestingPool);
        if (code != null) {
            codes.release(DEPARTMENT, poolId, organizationId, code);
        }
        memberships.removeAll(departmentId);
        tree.remove(departmentId);
        apply(new DepartmentDeleted(poolId, departmentId, organizationId, code));
    }

    /**
     * As the SDK's specs expect, ids that name no user are accepted and ignored (nobody is added for them);
     * users already in the department are not added twice.
     */
    @CommandHandler
    public void handle(AddDepartmentMembers command, UserAccounts users, DepartmentMemberships memberships) {
        requirePool(command.poolId());
        addMembers(command.userIds(), users, memberships);
    }

    public void addMembers(List<String> userIds, UserAccounts users, DepartmentMemberships memberships) {
        List<String> unknown = users.missing(poolId, userIds);
        List<String> known = userIds.stream().filter(id -> !unknown.contains(id)).toList();
        if (known.isEmpty()) {
            return;
        }
        List<String> added = memberships.addNew(poolId, departmentId, known);
        if (!added.isEmpty()) {
            apply(new DepartmentMembersAdded(poolId, departmentId, added));
        }
    }

    @CommandHandler
    public void handle(RemoveDepartmentMembers command, DepartmentMemberships memberships) {
        requirePool(command.poolId());
        removeMembers(command.userIds(), RoleCommands.REQUESTED, memberships);
    }

    /** Also used when a user is deleted (reason USER_DELETED). */
    public void removeMembers(List<String> userIds, String reason, DepartmentMemberships memberships) {
        List<String> removed = memberships.removeExisting(poolId, departmentId, userIds);
        if (!removed.isEmpty()) {
            apply(new DepartmentMembersRemoved(poolId, departmentId, removed, reason));
        }
    }

    public DepartmentState state() {
        return new DepartmentState(departmentId, organizationId, parentDepartmentId, code, name, description);
    }

    private void requirePool(String requestingPool) {
        if (!poolId.equals(requestingPool)) {
            throw new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND);
        }
    }

    @EventSourcingHandler
    void on(DepartmentCreated event) {
        departmentId = event.departmentId();
        poolId = event.poolId();
        organizationId = event.organizationId();
        parentDepartmentId = event.parentDepartmentId();
        code = event.code();
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(DepartmentUpdated event) {
        parentDepartmentId = event.parentDepartmentId();
        code = event.code();
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(DepartmentDeleted event) {
        markDeleted();
    }
}
