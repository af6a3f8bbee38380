package dev.authz.command.resource;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.event.ResourceCreated;
import dev.authz.api.event.ResourceDeleted;
import dev.authz.api.event.ResourceUpdated;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.resource.ResourceCommands.CreateResource;
import dev.authz.command.resource.ResourceCommands.UpdateResource;
import dev.authz.kit.web.Params;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static dev.authz.command.lookup.CodeRegistry.Kind.RESOURCE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/** A resource (资源) of a namespace, with the actions it declares. Its code is unique in the namespace. */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ResourceAggregate {
    @AggregateIdentifier
    private String resourceId;
    private String poolId;
    private String namespaceId;
    private String code;
    private String name;
    private String description;
    private String type;
    private List<ResourceAction> actions;
    private String apiIdentifier;

    protected ResourceAggregate() {
        // for event sourcing
    }

    @CommandHandler
    public ResourceAggregate(CreateResource command, CodeRegistry codes) {
        Params.kindCode("resource", "code", command.code());
        codes.claim(RESOURCE, command.poolId(), command.namespaceId(), command.code(), command.resourceId());
        apply(new ResourceCreated(command.poolId(), command.resourceId(), command.namespaceId(), command.code(),
                command.name(), command.description(), ResourceTypes.require("type", command.type()),
                ResourceTypes.actions(command.actions()), command.apiIdentifier()));
    }

    @CommandHandler
    public ResourceUpdated handle(UpdateResource command) {
        requirePool(command.poolId());
        ResourceUpdated updated = new ResourceUpdated(poolId, resourceId, namespaceId, code,
                command.name() != null ? command.name() : name,
                command.description() != null ? command.description() : description,
                command.type() != null ? ResourceTypes.require("type", command.type()) : type,
                command.actions() != null ? ResourceTypes.actions(command.actions()) : actions,
                command.apiIdentifier() != null ? command.apiIdentifier() : apiIdentifier);
        apply(updated);
        return updated;
    }

    /** Called for each resource of a delete command (see {@link ResourceBatchCommandHandler}). */
    public void delete(String requestingPool, CodeRegistry codes) {
        requirePool(requestingPool);
        codes.release(RESOURCE, poolId, namespaceId, code);
        apply(new ResourceDeleted(poolId, resourceId, namespaceId, code));
    }

    private void requirePool(String requestingPool) {
        if (!poolId.equals(requestingPool)) {
            throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
        }
    }

    @EventSourcingHandler
    void on(ResourceCreated event) {
        resourceId = event.resourceId();
        poolId = event.poolId();
        namespaceId = event.namespaceId();
        code = event.code();
        describe(event.name(), event.description(), event.type(), event.actions(), event.apiIdentifier());
    }

    @EventSourcingHandler
    void on(ResourceUpdated event) {
        describe(event.name(), event.description(), event.type(), event.actions(), event.apiIdentifier());
    }

    private void describe(String name, String description, String type, List<ResourceAction> actions,
                          String apiIdentifier) {
        this.name = name;
        this.description = description;
        this.type = type;
        this.actions = actions;
        this.apiIdentifier = apiIdentifier;
    }

    @EventSourcingHandler
    void on(ResourceDeleted event) {
        markDeleted();
    }
}
