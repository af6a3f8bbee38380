package dev.authz.command.organization;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.OrganizationCreated;
import dev.authz.api.event.OrganizationDeleted;
import dev.authz.api.event.OrganizationUpdated;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.organization.OrganizationCommands.CreateOrganization;
import dev.authz.command.organization.OrganizationCommands.OrganizationState;
import dev.authz.command.organization.OrganizationCommands.UpdateOrganization;
import dev.authz.kit.web.Params;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static dev.authz.command.lookup.CodeRegistry.Kind.ORGANIZATION;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * An organization: code (unique in the pool), name, description and its root department. The departments
 * are aggregates of their own; {@link OrganizationCommandHandler} creates and deletes them with it.
 */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrganizationAggregate {
    @AggregateIdentifier
    private String organizationId;
    private String poolId;
    private String code;
    private String name;
    private String description;
    private String rootDepartmentId;

    protected OrganizationAggregate() {
        // for event sourcing
    }

    /** Only through {@link OrganizationCommandHandler}, which creates the root department in the same unit. */
    public OrganizationAggregate(CreateOrganization command, CodeRegistry codes) {
        Params.kindCode("organization", "organizationCode", command.code());
        codes.claim(ORGANIZATION, command.poolId(), POOL_WIDE, command.code(), command.organizationId());
        apply(new OrganizationCreated(command.poolId(), command.organizationId(), command.code(), command.name(),
                command.description(), command.rootDepartmentId()));
    }

    @CommandHandler
    public OrganizationState handle(UpdateOrganization command, CodeRegistry codes) {
        requirePool(command.poolId());
        String newCode = command.newCode() == null ? code
                : Params.kindCode("organization", "organizationNewCode", command.newCode());
        if (!newCode.equals(code)) {
            codes.move(ORGANIZATION, poolId, POOL_WIDE, code, newCode);
        }
        apply(new OrganizationUpdated(poolId, organizationId, newCode, code,
                command.name() != null ? command.name() : name,
                command.description() != null ? command.description() : description));
        return state();
    }

    /** Called by {@link OrganizationCommandHandler} once every department is deleted. */
    public void delete(String requestingPool, CodeRegistry codes) {
        requirePool(requestingPool);
        codes.release(ORGANIZATION, poolId, POOL_WIDE, code);
        apply(new OrganizationDeleted(poolId, organizationId, code));
    }

    public OrganizationState state() {
        return new OrganizationState(organizationId, code, name, description, rootDepartmentId);
    }

    private void requirePool(String requestingPool) {
        if (!poolId.equals(requestingPool)) {
            throw new ApiException(ErrorCode.ORGANIZATION_NOT_FOUND, "");
        }
    }

    @EventSourcingHandler
    void on(OrganizationCreated event) {
        organizationId = event.organizationId();
        poolId = event.poolId();
        code = event.code();
        name = event.name();
        description = event.description();
        rootDepartmentId = event.rootDepartmentId();
    }

    @EventSourcingHandler
    void on(OrganizationUpdated event) {
        code = event.code();
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(OrganizationDeleted event) {
        markDeleted();
    }
}
